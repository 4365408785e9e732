using Bgp.Speaker.Fsm;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Sessions;

/// <summary>The session's structured log messages, source-generated so a disabled level costs nothing.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} {From} -> {To} on {Event} ({Connection})")]
    public static partial void StateChanged(ILogger logger, string peer, SessionState from, SessionState to, FsmEvent @event, PeerConnection? connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: NOTIFICATION {Notification}")]
    public static partial void Notification(ILogger logger, string peer, string notification);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: {What} refused: {Error}")]
    public static partial void Refused(ILogger logger, string peer, string what, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer}: UPDATE {Announced} announced, {Withdrawn} withdrawn, RFC 7606 {Action}")]
    public static partial void Update(ILogger logger, string peer, int announced, int withdrawn, Bgp.Protocol.Errors.Rfc7606Action action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: {What} {Connection}")]
    public static partial void Connection(ILogger logger, string peer, string what, PeerConnection? connection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: refused incoming connection {Connection} in {State}")]
    public static partial void IncomingRefused(ILogger logger, string peer, Bgp.Speaker.Transport.BgpTransportConnection connection, SessionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: {What}: {Error}")]
    public static partial void ConnectionLost(ILogger logger, string peer, string what, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: {Kind} delay {DelayMs:0} ms ({What}); thread pool {Queued} queued, {Threads} threads")]
    public static partial void Delayed(ILogger logger, string peer, SessionDelayKind kind, string what, double delayMs, long queued, int threads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: hold timer expired {LateMs:0} ms after its due time; last KEEPALIVE or UPDATE framed {SinceFramedMs:0} ms ago; thread pool {Queued} queued, {Threads} threads")]
    public static partial void HoldExpired(ILogger logger, string peer, double lateMs, double sinceFramedMs, long queued, int threads);

    [LoggerMessage(Level = LogLevel.Error, Message = "Peer {Peer}: {What}")]
    public static partial void Failure(ILogger logger, Exception exception, string peer, string what);
}
