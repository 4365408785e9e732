using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>RFC 4271 §8.2.2, "OpenConfirm State": OPENs exchanged; waiting for KEEPALIVE or NOTIFICATION.</summary>
internal static class OpenConfirmState
{
    public static FsmTransition Handle(in FsmInput input, FsmConfig config)
    {
        var t = new FsmTransition(SessionState.OpenConfirm);
        switch (input.Event)
        {
            // "Any start event (Events 1, 3-7) is ignored in the OpenConfirm state."
            case var e when BgpFsm.IsStartEvent(e):
                break;

            // ManualStop (Event 2): "sends the NOTIFICATION message with a Cease, releases all BGP
            // resources, drops the TCP connection, sets the ConnectRetryCounter to zero, sets the
            // ConnectRetryTimer to zero, and changes its state to Idle."
            case FsmEvent.ManualStop:
                t.Add(FsmAction.SendNotification(input.Notification ?? FsmNotification.AdministrativeShutdown));
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmActionKind.ZeroConnectRetryCounter);
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.MoveTo(SessionState.Idle);
                break;

            // AutomaticStop (Event 8): "sends the NOTIFICATION message with a Cease", then the
            // error tail.
            case FsmEvent.AutomaticStop:
                BgpFsm.CloseAndGoIdle(ref t, config, input.Notification ?? FsmNotification.Cease);
                break;

            // HoldTimer_Expires (Event 10) "before a KEEPALIVE message is received": "sends the
            // NOTIFICATION message with the Error Code Hold Timer Expired", then the error tail.
            case FsmEvent.HoldTimerExpires:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.HoldTimerExpired);
                break;

            // KeepaliveTimer_Expires (Event 11): "sends a KEEPALIVE message, restarts the
            // KeepaliveTimer, and remains in the OpenConfirmed state."
            case FsmEvent.KeepaliveTimerExpires:
                t.Add(FsmActionKind.SendKeepalive);
                t.Add(FsmActionKind.RestartKeepaliveTimer);
                break;

            // Events 14, 16, 17: "the local system needs to track the second connection."
            case FsmEvent.TcpConnectionValid or FsmEvent.TcpCrAcked or FsmEvent.TcpConnectionConfirmed:
                t.Add(FsmActionKind.TrackSecondConnection);
                break;

            // Event 15: "the local system will ignore the second connection attempt."
            case FsmEvent.TcpCrInvalid:
                break;

            // TcpConnectionFails (Event 18) or NotifMsg (Event 25): "sets the ConnectRetryTimer to
            // zero, releases all BGP resources, drops the TCP connection, increments the
            // ConnectRetryCounter by 1, (optionally) performs peer oscillation damping ..., and
            // changes its state to Idle."
            case FsmEvent.TcpConnectionFails or FsmEvent.NotifMsg:
                BgpFsm.CloseAndGoIdle(ref t, config, notification: null);
                break;

            // NotifMsgVerErr (Event 24): "sets the ConnectRetryTimer to zero, releases all BGP
            // resources, drops the TCP connection, and changes its state to Idle."
            case FsmEvent.NotifMsgVerErr:
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.DropTcpConnection);
                t.MoveTo(SessionState.Idle);
                break;

            // BGPOpen (Event 19): "the collision detect function is processed per Section 6.8."
            // If this connection loses, the session signals OpenCollisionDump (Event 23).
            case FsmEvent.BgpOpen:
                t.Add(FsmActionKind.DetectCollision);
                break;

            // Events 21, 22: "sends a NOTIFICATION message with the appropriate error code", then
            // the error tail.
            case FsmEvent.BgpHeaderErr:
                BgpFsm.CloseAndGoIdle(ref t, config, BgpFsm.ErrorNotification(input, NotificationCode.MessageHeaderError));
                break;

            case FsmEvent.BgpOpenMsgErr:
                BgpFsm.CloseAndGoIdle(ref t, config, BgpFsm.ErrorNotification(input, NotificationCode.OpenMessageError));
                break;

            // OpenCollisionDump (Event 23): "sends a NOTIFICATION with a Cease" (RFC 4486 §4:
            // Connection Collision Resolution), then the error tail.
            case FsmEvent.OpenCollisionDump:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.CollisionResolution);
                break;

            // KeepAliveMsg (Event 26): "restarts the HoldTimer and changes its state to Established."
            case FsmEvent.KeepAliveMsg:
                t.Add(FsmActionKind.RestartHoldTimer);
                t.MoveTo(SessionState.Established);
                break;

            // RFC 9687 §4, SendHoldTimer_Expires: NOTIFICATION Send Hold Timer Expired, error tail.
            case FsmEvent.SendHoldTimerExpires:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.SendHoldTimerExpired);
                break;

            // "In response to any other event (Events 9, 12-13, 20, 27-28), the local system:
            // sends a NOTIFICATION with a code of Finite State Machine Error", then the error tail.
            // RFC 6608 §3: subcode 2 for a message, 0 for a timer.
            default:
                BgpFsm.CloseAndGoIdle(ref t, config, BgpFsm.UnexpectedEvent(SessionState.OpenConfirm, input.Event));
                break;
        }

        return t;
    }
}
