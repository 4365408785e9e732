using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// What the OPEN exchange settled for one session (RFC 4271 §4.2, RFC 5492): the values every
/// later message is encoded and decoded with.
/// </summary>
public sealed record NegotiatedSession
{
    /// <summary>The peer's AS, from the 4-octet AS capability when present (RFC 6793 §4.1).</summary>
    public required uint PeerAs { get; init; }

    public required uint LocalAs { get; init; }

    public required IPAddress PeerRouterId { get; init; }

    /// <summary>The smaller of both hold times (RFC 4271 §4.2); zero disables the hold and keepalive timers.</summary>
    public required TimeSpan HoldTime { get; init; }

    public required TimeSpan KeepaliveTime { get; init; }

    /// <summary>Families both sides offered (RFC 4760 §8; IPv4 unicast alone when a side sent no multiprotocol capability).</summary>
    public required AddressFamilySet Families { get; init; }

    public bool FourOctetAs { get; init; }

    public bool ExtendedMessages { get; init; }

    /// <summary>Families whose NLRI we receive with path identifiers (we receive, the peer sends; RFC 7911 §4).</summary>
    public AddressFamilySet AddPathReceive { get; init; }

    /// <summary>Families whose NLRI we send with path identifiers (we send, the peer receives).</summary>
    public AddressFamilySet AddPathSend { get; init; }

    public bool RouteRefresh { get; init; }

    public bool EnhancedRouteRefresh { get; init; }

    /// <summary>The peer's graceful restart capability (RFC 4724), if it sent one.</summary>
    public GracefulRestartCapability? PeerGracefulRestart { get; init; }

    /// <summary>The peer's long-lived graceful restart capability (RFC 9494), if it sent one.</summary>
    public LongLivedGracefulRestartCapability? PeerLongLivedGracefulRestart { get; init; }

    public bool IsExternal => PeerAs != LocalAs;

    public DecodeContext ToDecodeContext() => new()
    {
        FourOctetAs = FourOctetAs,
        ExtendedMessages = ExtendedMessages,
        AddPathReceive = AddPathReceive,
        IsExternalPeer = IsExternal,
    };

    public EncodeContext ToEncodeContext() => new()
    {
        FourOctetAs = FourOctetAs,
        ExtendedMessages = ExtendedMessages,
        AddPathSend = AddPathSend,
    };
}
