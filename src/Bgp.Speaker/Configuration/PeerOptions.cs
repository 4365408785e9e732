using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// One configured neighbor: where it is, who it is, and every session knob of the sessions issue.
/// Immutable with value equality, so a reload restarts exactly the peers whose options changed.
/// </summary>
public sealed record PeerOptions
{
    /// <summary>RFC 4271 §10: suggested HoldTime.</summary>
    public static readonly TimeSpan DefaultHoldTime = TimeSpan.FromSeconds(90);

    /// <summary>Calico's BIRD template uses a 5 s connect retry; RFC 4271 §10 suggests 120 s, too slow for a node agent.</summary>
    public static readonly TimeSpan DefaultConnectRetryTime = TimeSpan.FromSeconds(5);

    /// <summary>Connect-retry jitter: each wait is scaled by a random factor in [1 - j, 1] (RFC 4271 §10 asks for jitter on ConnectRetryTimer).</summary>
    public const double DefaultConnectRetryJitter = 0.25;

    /// <summary>A unique name for logs, status and the CLI; defaults to the address.</summary>
    public required string Name { get; init; }

    public required IPAddress Address { get; init; }

    /// <summary>The peer's TCP port when we connect.</summary>
    public int Port { get; init; } = ListenOptions.DefaultPort;

    /// <summary>The AS the peer must announce (RFC 4271 §6.2: otherwise 2/2 Bad Peer AS).</summary>
    public required uint RemoteAs { get; init; }

    /// <summary>Overrides <see cref="SpeakerOptions.LocalAs"/> for this peer (Calico's per-peer localASNumber).</summary>
    public uint? LocalAs { get; init; }

    public ConnectionMode Mode { get; init; } = ConnectionMode.Both;

    /// <summary>Source address for outgoing connections; null lets the kernel choose.</summary>
    public IPAddress? SourceAddress { get; init; }

    /// <summary>The hold time we offer: 0, or at least 3 seconds (RFC 4271 §4.2).</summary>
    public TimeSpan HoldTime { get; init; } = DefaultHoldTime;

    /// <summary>Keepalive interval; null means one third of the negotiated hold time (RFC 4271 §10).</summary>
    public TimeSpan? KeepaliveTime { get; init; }

    public TimeSpan ConnectRetryTime { get; init; } = DefaultConnectRetryTime;

    public double ConnectRetryJitter { get; init; } = DefaultConnectRetryJitter;

    /// <summary>
    /// RFC 4271 §8.1.1 DelayOpen: after the TCP connection is up, wait this long for the peer's
    /// OPEN before sending ours (its OPEN arriving first ends the wait). Zero (the default) sends
    /// our OPEN at once.
    /// </summary>
    public TimeSpan DelayOpenTime { get; init; }

    /// <summary>Families we offer with the multiprotocol capability (RFC 4760); the session runs on the intersection.</summary>
    public IReadOnlyList<AddressFamily> Families { get; init; } = [AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast];

    /// <summary>ADD-PATH (RFC 7911) directions we offer per family; absent means none.</summary>
    public IReadOnlyList<AddPathFamily> AddPath { get; init; } = [];

    /// <summary>RFC 8654 extended messages.</summary>
    public bool ExtendedMessages { get; init; } = true;

    /// <summary>RFC 2918 route refresh.</summary>
    public bool RouteRefresh { get; init; } = true;

    /// <summary>RFC 7313 enhanced route refresh.</summary>
    public bool EnhancedRouteRefresh { get; init; } = true;

    /// <summary>RFC 4724 graceful restart; null disables the capability.</summary>
    public GracefulRestartOptions? GracefulRestart { get; init; } = new();

    /// <summary>RFC 9494 long-lived graceful restart stale time; null disables the capability.</summary>
    public TimeSpan? LongLivedStaleTime { get; init; }

    /// <summary>Capabilities the peer must offer, else 2/7 Unsupported Capability (RFC 5492 §5).</summary>
    public IReadOnlyList<Bgp.Protocol.Iana.CapabilityCode> RequiredCapabilities { get; init; } = [];

    /// <summary>RFC 2385 TCP MD5 signature password; null for none.</summary>
    public string? Password { get; init; }

    /// <summary>RFC 5082 GTSM: send with TTL 255 and accept only TTL ≥ 256 - hops; null disables it.</summary>
    public int? TtlSecurityHops { get; init; }

    /// <summary>
    /// TTL for eBGP multihop. Null means 1 for eBGP (directly connected, RFC 4271 practice) and 64 for iBGP;
    /// Calico sets every peer multihop.
    /// </summary>
    public int? MultihopTtl { get; init; }

    /// <summary>Administratively down: configured, but never started (Cease 6/2 when set at runtime).</summary>
    public bool Shutdown { get; init; }

    /// <summary>RFC 4486 max-prefix: Cease 6/1 beyond this many prefixes; 0 for no limit.</summary>
    public int MaxPrefixes { get; init; }

    public string? Description { get; init; }

    /// <summary>Names of the import policies in order (<c>importPolicy</c>); empty accepts everything.</summary>
    public IReadOnlyList<string> ImportPolicy { get; init; } = [];

    /// <summary>Names of the export policies in order (<c>exportPolicy</c>); empty accepts everything.</summary>
    public IReadOnlyList<string> ExportPolicy { get; init; } = [];

    /// <summary>
    /// How many times our own AS may appear in a received AS_PATH before the route is treated as a
    /// loop and withdrawn (Calico's <c>numAllowedLocalASNumbers</c>, BIRD's <c>allow local as</c>); 0 by default.
    /// </summary>
    public int AllowAsIn { get; init; }

    /// <summary>Rewrite the next hop to our session address for iBGP too (eBGP always does, RFC 4271 §5.1.3).</summary>
    public bool NextHopSelf { get; init; }

    /// <summary>With ADD-PATH send negotiated (RFC 7911), advertise at most this many paths per prefix, best first; 0 for all.</summary>
    public int AddPathSendMax { get; init; }

    /// <summary>Keep the routes as received before import policy, so a policy change is re-applied without a route refresh.</summary>
    public bool SoftReconfigurationInbound { get; init; }

    /// <summary>
    /// The peer is our route-reflector client (RFC 4456 §6); only meaningful for an iBGP peer of a
    /// speaker with a <c>routeReflector</c> section. Changing it restarts the session.
    /// </summary>
    public bool RouteReflectorClient { get; init; }

    public bool IsExternal(uint localAs) => (LocalAs ?? localAs) != RemoteAs;

    /// <summary>Every option, the policy names and routing options included.</summary>
    public bool Equals(PeerOptions? other) =>
        EqualsExceptPolicy(other) &&
        ImportPolicy.SequenceEqual(other.ImportPolicy) && ExportPolicy.SequenceEqual(other.ExportPolicy) &&
        AllowAsIn == other.AllowAsIn && NextHopSelf == other.NextHopSelf && AddPathSendMax == other.AddPathSendMax &&
        SoftReconfigurationInbound == other.SoftReconfigurationInbound;

    /// <summary>
    /// Every option that shapes the session itself. Policy names and the routing options
    /// (<see cref="AllowAsIn"/>, <see cref="NextHopSelf"/>, <see cref="AddPathSendMax"/>,
    /// <see cref="SoftReconfigurationInbound"/>) are left out: such a change is applied with route
    /// refresh or soft reconfiguration (<see cref="Policy.PolicyReload"/>) and re-export, not a new session.
    /// </summary>
    public bool EqualsExceptPolicy([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] PeerOptions? other) =>
        other is not null && Name == other.Name && Address.Equals(other.Address) && Port == other.Port &&
        RemoteAs == other.RemoteAs && LocalAs == other.LocalAs && Mode == other.Mode &&
        Equals(SourceAddress, other.SourceAddress) && HoldTime == other.HoldTime && KeepaliveTime == other.KeepaliveTime &&
        ConnectRetryTime == other.ConnectRetryTime && ConnectRetryJitter.Equals(other.ConnectRetryJitter) &&
        DelayOpenTime == other.DelayOpenTime &&
        Families.SequenceEqual(other.Families) && AddPath.SequenceEqual(other.AddPath) &&
        ExtendedMessages == other.ExtendedMessages && RouteRefresh == other.RouteRefresh &&
        EnhancedRouteRefresh == other.EnhancedRouteRefresh && Equals(GracefulRestart, other.GracefulRestart) &&
        LongLivedStaleTime == other.LongLivedStaleTime && RequiredCapabilities.SequenceEqual(other.RequiredCapabilities) &&
        Password == other.Password && TtlSecurityHops == other.TtlSecurityHops && MultihopTtl == other.MultihopTtl &&
        Shutdown == other.Shutdown && MaxPrefixes == other.MaxPrefixes && Description == other.Description &&
        RouteReflectorClient == other.RouteReflectorClient;

    public override int GetHashCode() => HashCode.Combine(Name, Address, Port, RemoteAs, Mode);
}

/// <summary>Who opens the TCP connection (RFC 4271 §8.1.1 PassiveTcpEstablishment).</summary>
public enum ConnectionMode
{
    /// <summary>Connect and accept; RFC 4271 §6.8 collision detection picks one connection.</summary>
    Both,

    /// <summary>Only connect; incoming connections from this peer are refused.</summary>
    Active,

    /// <summary>Only accept (Calico's rule for the peer with the greater address).</summary>
    Passive,
}

/// <summary>RFC 4724 graceful restart as we advertise it.</summary>
public sealed record GracefulRestartOptions
{
    /// <summary>BIRD's default restart time, which Calico keeps.</summary>
    public static readonly TimeSpan DefaultRestartTime = TimeSpan.FromSeconds(120);

    public TimeSpan RestartTime { get; init; } = DefaultRestartTime;
}
