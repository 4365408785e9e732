using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>RFC 4271 §8.2.2, "OpenSent": our OPEN is out; waiting for the peer's.</summary>
internal static class OpenSentState
{
    public static FsmTransition Handle(in FsmInput input, FsmConfig config)
    {
        var t = new FsmTransition(SessionState.OpenSent);
        switch (input.Event)
        {
            // "The start events (Events 1, 3-7) are ignored in the OpenSent state."
            case var e when BgpFsm.IsStartEvent(e):
                break;

            // ManualStop (Event 2): "sends the NOTIFICATION with a Cease, sets the
            // ConnectRetryTimer to zero, releases all BGP resources, drops the TCP connection, sets
            // the ConnectRetryCounter to zero, and changes its state to Idle."
            case FsmEvent.ManualStop:
                t.Add(FsmAction.SendNotification(input.Notification ?? FsmNotification.AdministrativeShutdown));
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmActionKind.ZeroConnectRetryCounter);
                t.MoveTo(SessionState.Idle);
                break;

            // AutomaticStop (Event 8): "sends the NOTIFICATION with a Cease", then the error tail.
            case FsmEvent.AutomaticStop:
                BgpFsm.CloseAndGoIdle(ref t, config, input.Notification ?? FsmNotification.Cease);
                break;

            // HoldTimer_Expires (Event 10): "sends a NOTIFICATION message with the error code Hold
            // Timer Expired", then the error tail.
            case FsmEvent.HoldTimerExpires:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.HoldTimerExpired);
                break;

            // Events 14, 16, 17: "a second TCP connection may be in progress. This second TCP
            // connection is tracked per Connection Collision processing (Section 6.8) until an
            // OPEN message is received."
            case FsmEvent.TcpConnectionValid or FsmEvent.TcpCrAcked or FsmEvent.TcpConnectionConfirmed:
                t.Add(FsmActionKind.TrackSecondConnection);
                break;

            // "A TCP Connection Request for an Invalid port (Tcp_CR_Invalid (Event 15)) is ignored."
            case FsmEvent.TcpCrInvalid:
                break;

            // TcpConnectionFails (Event 18): "closes the BGP connection, restarts the
            // ConnectRetryTimer, continues to listen ..., and changes its state to Active."
            // Closing the BGP connection also ends its HoldTimer (the large value set with our
            // OPEN) and SendHoldTimer; left running they would expire in Active and force Idle.
            case FsmEvent.TcpConnectionFails:
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmActionKind.StopHoldTimer);
                t.Add(FsmActionKind.StopSendHoldTimer);
                t.Add(FsmAction.Timer(FsmActionKind.RestartConnectRetryTimer, config.ConnectRetryTime));
                t.MoveTo(SessionState.Active);
                break;

            // BGPOpen (Event 19): "resets the DelayOpenTimer to zero, sets the BGP
            // ConnectRetryTimer to zero, sends a KEEPALIVE message, and sets a KeepaliveTimer ...,
            // sets the HoldTimer according to the negotiated value (see Section 4.2), changes its
            // state to OpenConfirm. If the negotiated hold time value is zero, then the HoldTimer
            // and KeepaliveTimer are not started." "Collision detection mechanisms (Section 6.8)
            // need to be applied when a valid BGP OPEN message is received (Event 19 or Event 20)."
            case FsmEvent.BgpOpen:
                t.Add(FsmActionKind.DetectCollision);
                t.Add(FsmActionKind.StopDelayOpenTimer);
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.Add(FsmActionKind.SendKeepalive);
                BgpFsm.StartNegotiatedTimers(ref t, input.NegotiatedHoldTime);
                t.MoveTo(SessionState.OpenConfirm);
                break;

            // Events 21, 22: "sends a NOTIFICATION message with the appropriate error code", then
            // the error tail.
            case FsmEvent.BgpHeaderErr:
                BgpFsm.CloseAndGoIdle(ref t, config, BgpFsm.ErrorNotification(input, NotificationCode.MessageHeaderError));
                break;

            case FsmEvent.BgpOpenMsgErr:
                BgpFsm.CloseAndGoIdle(ref t, config, BgpFsm.ErrorNotification(input, NotificationCode.OpenMessageError));
                break;

            // OpenCollisionDump (Event 23): "sends a NOTIFICATION with a Cease", then the error
            // tail. RFC 4486 §4 names the Cease: Connection Collision Resolution.
            case FsmEvent.OpenCollisionDump:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.CollisionResolution);
                break;

            // NotifMsgVerErr (Event 24): "sets the ConnectRetryTimer to zero, releases all BGP
            // resources, drops the TCP connection, and changes its state to Idle."
            case FsmEvent.NotifMsgVerErr:
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.DropTcpConnection);
                t.MoveTo(SessionState.Idle);
                break;

            // RFC 9687 §4, SendHoldTimer_Expires: "sends a NOTIFICATION message with the BGP Error
            // Code Send Hold Timer Expired" (if that does not delay closing), then the error tail.
            case FsmEvent.SendHoldTimerExpires:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.SendHoldTimerExpired);
                break;

            // "In response to any other event (Events 9, 11-13, 20, 25-28), the local system:
            // sends the NOTIFICATION with the Error Code Finite State Machine Error", then the error
            // tail. RFC 6608 §3: subcode 1 for a message (this includes a received NOTIFICATION,
            // Event 25, as the RFC's list does), 0 for a timer.
            default:
                BgpFsm.CloseAndGoIdle(ref t, config, BgpFsm.UnexpectedEvent(SessionState.OpenSent, input.Event));
                break;
        }

        return t;
    }
}
