using Bgp.Protocol.Messages;
using Bgp.Speaker.Fsm;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// One RFC 4271 §8 FSM instance: "there is one FSM per BGP connection" until collision detection
/// (§6.8) leaves one. Holds the state, the connection it drives, its timers and what its OPEN
/// exchange negotiated. The session owns the ConnectRetryTimer, which only the primary FSM uses.
/// </summary>
internal sealed class ConnectionFsm : IDisposable
{
    private static int s_nextId;

    public ConnectionFsm(TimeProvider time, Action<SessionTimer> onTimer)
    {
        Id = Interlocked.Increment(ref s_nextId);
        Hold = new SessionTimer(time, SessionTimerKind.Hold, this, onTimer);
        Keepalive = new SessionTimer(time, SessionTimerKind.Keepalive, this, onTimer);
        DelayOpen = new SessionTimer(time, SessionTimerKind.DelayOpen, this, onTimer);
    }

    public int Id { get; }

    public SessionState State { get; set; }

    public PeerConnection? Connection { get; set; }

    public SessionTimer Hold { get; }

    public SessionTimer Keepalive { get; }

    public SessionTimer DelayOpen { get; }

    public int ConnectRetryCounter { get; set; }

    /// <summary>The peer's OPEN on this connection, once received and accepted.</summary>
    public OpenMessage? PeerOpen { get; set; }

    public NegotiatedSession? Negotiated { get; set; }

    /// <summary>Stops the per-connection timers ("releases all BGP resources").</summary>
    public void ReleaseResources()
    {
        Hold.Stop();
        Keepalive.Stop();
        DelayOpen.Stop();
        Connection?.DisableSendHold();
    }

    public void Dispose()
    {
        Hold.Dispose();
        Keepalive.Dispose();
        DelayOpen.Dispose();
    }

    public override string ToString() => $"fsm#{Id} {State} {Connection}";
}
