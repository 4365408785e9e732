using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Sessions;

/// <summary>What the session's event loop handles, strictly one at a time and in order.</summary>
internal abstract record SessionEvent
{
    public sealed record StartRequested : SessionEvent;

    public sealed record StopRequested(CeaseSubcode Subcode, string? Message, TaskCompletionSource Done) : SessionEvent;

    /// <summary>Close every connection without a NOTIFICATION (a planned graceful restart, RFC 4724 §4.2 helpers keep our routes).</summary>
    public sealed record AbortRequested(TaskCompletionSource Done) : SessionEvent;

    public sealed record IncomingOffered(BgpTransportConnection Connection, TaskCompletionSource<bool> Accepted) : SessionEvent;

    /// <summary>An outgoing connect finished: <see cref="Connection"/> on success, else <see cref="Error"/>.</summary>
    public sealed record ConnectCompleted(long Attempt, BgpTransportConnection? Connection, Exception? Error) : SessionEvent;

    public sealed record TimerFired(SessionTimer Timer) : SessionEvent;

    /// <summary>A whole message; <see cref="FramedAt"/> is when the reader framed it (a <see cref="TimeProvider.GetTimestamp"/>).</summary>
    public sealed record MessageReceived(PeerConnection Connection, IBgpMessage Message, long FramedAt) : SessionEvent;

    /// <summary>A received message failed to frame or decode: <see cref="Event"/> is 21, 22 or 28.</summary>
    public sealed record ReceiveFailed(PeerConnection Connection, BgpNotificationException Error, FsmEvent Event) : SessionEvent;

    public sealed record ConnectionClosed(PeerConnection Connection, Exception? Error) : SessionEvent;

    public sealed record SendHoldExpired(PeerConnection Connection) : SessionEvent;
}
