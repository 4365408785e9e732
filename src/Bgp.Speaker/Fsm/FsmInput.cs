namespace Bgp.Speaker.Fsm;

/// <summary>
/// One event for <see cref="BgpFsm.Handle"/>, with the little data some arms of RFC 4271 §8.2.2
/// depend on. The FSM keeps no timers, so what it must know about them comes in here.
/// </summary>
public readonly record struct FsmInput(FsmEvent Event)
{
    /// <summary>
    /// For <see cref="FsmEvent.BgpOpen"/> and <see cref="FsmEvent.BgpOpenWithDelayOpenTimerRunning"/>:
    /// the hold time negotiated from both OPENs (RFC 4271 §4.2: the smaller of the two). Zero means
    /// no HoldTimer and no KeepaliveTimer (RFC 4271 §8.2.2, OpenSent).
    /// </summary>
    public TimeSpan NegotiatedHoldTime { get; init; }

    /// <summary>
    /// Whether the session's DelayOpenTimer is running; RFC 4271 §8.2.2 branches on it in Connect
    /// and Active (TcpConnectionFails, NotifMsgVerErr, ManualStop and the "any other event" arm).
    /// </summary>
    public bool DelayOpenTimerRunning { get; init; }

    /// <summary>
    /// The NOTIFICATION to send for <see cref="FsmEvent.BgpHeaderErr"/>, <see cref="FsmEvent.BgpOpenMsgErr"/>
    /// and <see cref="FsmEvent.UpdateMsgErr"/> ("the appropriate error code", RFC 4271 §6), or the
    /// Cease subcode giving the reason for <see cref="FsmEvent.AutomaticStop"/> or
    /// <see cref="FsmEvent.ManualStop"/>. When absent the FSM uses the error code with subcode 0,
    /// and Cease / Administrative Shutdown for a ManualStop.
    /// </summary>
    public FsmNotification? Notification { get; init; }

    public static implicit operator FsmInput(FsmEvent fsmEvent) => new(fsmEvent);
}
