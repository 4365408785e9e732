using Bgp.Protocol.Messages;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Sessions;

/// <summary>What an event brings to the actions the FSM returns for it, and what they report back.</summary>
internal sealed class ActionContext
{
    /// <summary>The data field for a NOTIFICATION the FSM sends with the code and subcode the event carried.</summary>
    public ReadOnlyMemory<byte> NotificationData { get; init; }

    /// <summary>An incoming connection offered with TcpConnection_Valid (Event 14).</summary>
    public BgpTransportConnection? Offered { get; init; }

    public UpdateMessage? Update { get; init; }

    public OpenMessage? PeerOpen { get; init; }

    /// <summary>Close without waiting for the flush (RFC 9687 §4: the NOTIFICATION must not delay closing).</summary>
    public bool AbandonFlush { get; init; }

    /// <summary>Set by AcceptTcpConnection.</summary>
    public bool Accepted { get; set; }

    /// <summary>Set by TrackSecondConnection: the caller creates the second FSM.</summary>
    public bool TrackSecond { get; set; }
}
