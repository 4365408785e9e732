using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>
/// The BGP finite state machine of RFC 4271 §8.2.2 (with the FSM error subcodes of RFC 6608 and
/// the SendHoldTimer of RFC 9687) as a pure function: no I/O, no timers, no clock (style rule 10).
/// </summary>
/// <remarks>
/// <para>
/// One file per state (<c>IdleState.cs</c> … <c>EstablishedState.cs</c>), each arm citing the
/// paragraph of §8.2.2 it implements. The session owns the timers and the TCP connection: it
/// turns what happens into an <see cref="FsmInput"/>, calls <see cref="Handle"/>, executes the
/// returned actions in order and stores the next state.
/// </para>
/// <para>
/// Where this FSM departs from the letter of §8.2.2, the arm says why. In short: routes are also
/// deleted when Established ends on HoldTimer_Expires; a header error in Established sends the
/// Message Header Error that RFC 4271 §6.1 requires rather than an FSM error; closing the BGP
/// connection on TcpConnectionFails in OpenSent also stops its HoldTimer and SendHoldTimer, which
/// would otherwise fire in Active. §8 permits this: implementations need only "exhibit the same
/// externally visible behavior".
/// </para>
/// </remarks>
public static class BgpFsm
{
    /// <summary>Handles one event in one state.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The state or event is not a defined value.</exception>
    public static FsmTransition Handle(SessionState state, in FsmInput input, FsmConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!Enum.IsDefined(input.Event))
        {
            throw new ArgumentOutOfRangeException(nameof(input), input.Event, "Unknown FSM event.");
        }

        return state switch
        {
            SessionState.Idle => IdleState.Handle(input, config),
            SessionState.Connect => ConnectState.Handle(input, config),
            SessionState.Active => ActiveState.Handle(input, config),
            SessionState.OpenSent => OpenSentState.Handle(input, config),
            SessionState.OpenConfirm => OpenConfirmState.Handle(input, config),
            SessionState.Established => EstablishedState.Handle(input, config),
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown FSM state."),
        };
    }

    /// <summary>Handles an event that carries no data.</summary>
    public static FsmTransition Handle(SessionState state, FsmEvent fsmEvent, FsmConfig config) =>
        Handle(state, new FsmInput(fsmEvent), config);

    /// <summary>Events 1 and 3-7: start events, ignored in every state but Idle (RFC 4271 §8.2.2).</summary>
    internal static bool IsStartEvent(FsmEvent fsmEvent) =>
        fsmEvent is FsmEvent.ManualStart or (>= FsmEvent.AutomaticStart
            and <= FsmEvent.AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment);

    /// <summary>
    /// The NOTIFICATION for an event §8.2.2 answers with "Finite State Machine Error": RFC 6608 §3
    /// names the state when the event is a received message, and uses subcode 0 (Unspecified)
    /// for anything else (a timer that should not be running, say).
    /// </summary>
    internal static FsmNotification UnexpectedEvent(SessionState state, FsmEvent fsmEvent)
    {
        var isMessage = fsmEvent is >= FsmEvent.BgpOpen and <= FsmEvent.UpdateMsgErr;
        if (!isMessage)
        {
            return FsmNotification.FsmError(FsmErrorSubcode.Unspecified);
        }

        return FsmNotification.FsmError(state switch
        {
            SessionState.OpenSent => FsmErrorSubcode.UnexpectedMessageInOpenSent,
            SessionState.OpenConfirm => FsmErrorSubcode.UnexpectedMessageInOpenConfirm,
            SessionState.Established => FsmErrorSubcode.UnexpectedMessageInEstablished,
            _ => FsmErrorSubcode.Unspecified,
        });
    }

    /// <summary>
    /// The NOTIFICATION for a detected error: the one the decoder reported, or the bare error code
    /// (subcode 0) when the caller gave none.
    /// </summary>
    internal static FsmNotification ErrorNotification(in FsmInput input, NotificationCode fallback) =>
        input.Notification ?? new FsmNotification(fallback, 0);

    /// <summary>
    /// The recurring tail of §8.2.2 error arms: "[sends the NOTIFICATION,] sets the
    /// ConnectRetryTimer to zero, [deletes all routes,] releases all BGP resources, drops the TCP
    /// connection, increments the ConnectRetryCounter by 1, (optionally) performs peer oscillation
    /// damping if the DampPeerOscillations attribute is set to TRUE, and changes its state to Idle."
    /// </summary>
    internal static void CloseAndGoIdle(ref FsmTransition t, FsmConfig config, FsmNotification? notification,
        bool stopDelayOpenTimer = false, bool deleteRoutes = false, bool damp = true)
    {
        if (notification is { } n)
        {
            t.Add(FsmAction.SendNotification(n));
        }

        t.Add(FsmActionKind.StopConnectRetryTimer);
        if (stopDelayOpenTimer)
        {
            t.Add(FsmActionKind.StopDelayOpenTimer);
        }

        if (deleteRoutes)
        {
            t.Add(FsmActionKind.DeleteAllRoutes);
        }

        t.Add(FsmActionKind.ReleaseResources);
        t.Add(FsmActionKind.DropTcpConnection);
        t.Add(FsmActionKind.IncrementConnectRetryCounter);
        if (damp && config.DampPeerOscillations)
        {
            t.Add(FsmActionKind.PerformPeerOscillationDamping);
        }

        t.MoveTo(SessionState.Idle);
    }

    /// <summary>
    /// Connect/Active, BGPHeaderErr / BGPOpenMsgErr (Events 21, 22): "(optionally) If the
    /// SendNOTIFICATIONwithoutOPEN attribute is set to TRUE, then the local system first sends a
    /// NOTIFICATION message with the appropriate error code", then the usual close-and-go-Idle tail.
    /// </summary>
    internal static void ErrorBeforeOpen(ref FsmTransition t, in FsmInput input, FsmConfig config)
    {
        var code = input.Event == FsmEvent.BgpHeaderErr
            ? NotificationCode.MessageHeaderError
            : NotificationCode.OpenMessageError;
        CloseAndGoIdle(ref t, config, config.SendNotificationWithoutOpen ? ErrorNotification(input, code) : null);
    }

    /// <summary>
    /// Connect/Active, NotifMsgVerErr (Event 24): the peer refused our version. With the
    /// DelayOpenTimer running the peer never saw our OPEN, so the attempt is not counted.
    /// </summary>
    internal static void VersionErrorBeforeOpen(ref FsmTransition t, in FsmInput input, FsmConfig config)
    {
        if (input.DelayOpenTimerRunning)
        {
            t.Add(FsmActionKind.StopConnectRetryTimer);
            t.Add(FsmActionKind.StopDelayOpenTimer);
            t.Add(FsmActionKind.ReleaseResources);
            t.Add(FsmActionKind.DropTcpConnection);
            t.MoveTo(SessionState.Idle);
        }
        else
        {
            CloseAndGoIdle(ref t, config, notification: null);
        }
    }

    /// <summary>
    /// Connect/Active with DelayOpen FALSE, or DelayOpenTimer_Expires: "completes the BGP
    /// initialization, sends the OPEN message to its peer, sets its HoldTimer to a large value,
    /// and changes its state to OpenSent". RFC 9687 starts the SendHoldTimer with the first send.
    /// </summary>
    internal static void SendOpenAndGoOpenSent(ref FsmTransition t, FsmConfig config)
    {
        t.Add(FsmActionKind.SendOpen);
        t.Add(FsmAction.Timer(FsmActionKind.StartSendHoldTimer, config.SendHoldTime));
        t.Add(FsmAction.Timer(FsmActionKind.StartHoldTimer, config.LargeHoldTime));
        t.MoveTo(SessionState.OpenSent);
    }

    /// <summary>
    /// Connect/Active, Tcp_CR_Acked or TcpConnectionConfirmed (Events 16, 17): both paragraphs stop
    /// the ConnectRetryTimer, then either wait DelayOpenTime (DelayOpen TRUE) or complete
    /// initialization, send OPEN and go to OpenSent (FALSE).
    /// </summary>
    internal static void ConnectionUp(ref FsmTransition t, FsmConfig config)
    {
        t.Add(FsmActionKind.StopConnectRetryTimer);
        if (config.DelayOpen)
        {
            t.Add(FsmAction.Timer(FsmActionKind.StartDelayOpenTimer, config.DelayOpenTime));
            return;
        }

        t.Add(FsmActionKind.CompleteInitialization);
        SendOpenAndGoOpenSent(ref t, config);
    }

    /// <summary>
    /// Connect/Active, BGPOpen with DelayOpenTimer running (Event 20). The Connect and Active
    /// paragraphs list the same steps in a slightly different order; this is Connect's.
    /// </summary>
    internal static void OpenWhileDelayingOpen(ref FsmTransition t, in FsmInput input, FsmConfig config)
    {
        t.Add(FsmActionKind.StopConnectRetryTimer);
        t.Add(FsmActionKind.CompleteInitialization);
        t.Add(FsmActionKind.StopDelayOpenTimer);
        t.Add(FsmActionKind.SendOpen);
        t.Add(FsmAction.Timer(FsmActionKind.StartSendHoldTimer, config.SendHoldTime));
        t.Add(FsmActionKind.SendKeepalive);
        StartNegotiatedTimers(ref t, input.NegotiatedHoldTime);
        t.MoveTo(SessionState.OpenConfirm);
    }

    /// <summary>
    /// "If the negotiated hold time value is zero, then the HoldTimer and KeepaliveTimer are not
    /// started" (RFC 4271 §8.2.2, OpenSent); the large HoldTimer set with our OPEN is stopped then.
    /// </summary>
    internal static void StartNegotiatedTimers(ref FsmTransition t, TimeSpan negotiatedHoldTime)
    {
        if (negotiatedHoldTime > TimeSpan.Zero)
        {
            t.Add(FsmAction.Timer(FsmActionKind.StartKeepaliveTimer, FsmConfig.KeepaliveTimeFor(negotiatedHoldTime)));
            t.Add(FsmAction.Timer(FsmActionKind.StartHoldTimer, negotiatedHoldTime));
        }
        else
        {
            t.Add(FsmActionKind.StopKeepaliveTimer);
            t.Add(FsmActionKind.StopHoldTimer);
        }
    }
}
