namespace Bgp.Speaker.Fsm;

/// <summary>
/// Inputs to the BGP FSM, numbered and named as in RFC 4271 §8.1 (the numbers may be shown to
/// operators, RFC 4271 §8.2.1.4), plus the send hold timer event of RFC 9687.
/// </summary>
public enum FsmEvent : byte
{
    // RFC 4271 §8.1.2 administrative events
    ManualStart = 1,
    ManualStop = 2,
    AutomaticStart = 3,
    ManualStartWithPassiveTcpEstablishment = 4,
    AutomaticStartWithPassiveTcpEstablishment = 5,
    AutomaticStartWithDampPeerOscillations = 6,
    AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment = 7,
    AutomaticStop = 8,

    // RFC 4271 §8.1.3 timer events
    ConnectRetryTimerExpires = 9,
    HoldTimerExpires = 10,
    KeepaliveTimerExpires = 11,
    DelayOpenTimerExpires = 12,
    IdleHoldTimerExpires = 13,

    // RFC 4271 §8.1.4 TCP connection-based events
    TcpConnectionValid = 14,
    TcpCrInvalid = 15,
    TcpCrAcked = 16,
    TcpConnectionConfirmed = 17,
    TcpConnectionFails = 18,

    // RFC 4271 §8.1.5 BGP message-based events
    BgpOpen = 19,
    BgpOpenWithDelayOpenTimerRunning = 20,
    BgpHeaderErr = 21,
    BgpOpenMsgErr = 22,
    OpenCollisionDump = 23,
    NotifMsgVerErr = 24,
    NotifMsg = 25,
    KeepAliveMsg = 26,
    UpdateMsg = 27,
    UpdateMsgErr = 28,

    /// <summary>RFC 9687 §4: the SendHoldTimer expired (we could not send for SendHoldTime).</summary>
    SendHoldTimerExpires = 29,
}
