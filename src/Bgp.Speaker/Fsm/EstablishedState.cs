using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>RFC 4271 §8.2.2, "Established State": UPDATE, KEEPALIVE and NOTIFICATION are exchanged.</summary>
internal static class EstablishedState
{
    public static FsmTransition Handle(in FsmInput input, FsmConfig config)
    {
        var t = new FsmTransition(SessionState.Established);
        switch (input.Event)
        {
            // "Any Start event (Events 1, 3-7) is ignored in the Established state."
            case var e when BgpFsm.IsStartEvent(e):
                break;

            // ManualStop (Event 2): "sends the NOTIFICATION message with a Cease, sets the
            // ConnectRetryTimer to zero, deletes all routes associated with this connection,
            // releases BGP resources, drops the TCP connection, sets the ConnectRetryCounter to
            // zero, and changes its state to Idle."
            case FsmEvent.ManualStop:
                t.Add(FsmAction.SendNotification(input.Notification ?? FsmNotification.AdministrativeShutdown));
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.Add(FsmActionKind.DeleteAllRoutes);
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmActionKind.ZeroConnectRetryCounter);
                t.MoveTo(SessionState.Idle);
                break;

            // AutomaticStop (Event 8): "sends a NOTIFICATION with a Cease, sets the
            // ConnectRetryTimer to zero, deletes all routes ...", then the error tail. (The RFC's
            // example: a maximum-prefix limit, whose Cease subcode the session passes in.)
            case FsmEvent.AutomaticStop:
                BgpFsm.CloseAndGoIdle(ref t, config, input.Notification ?? FsmNotification.Cease, deleteRoutes: true);
                break;

            // HoldTimer_Expires (Event 10): "sends a NOTIFICATION message with the Error Code Hold
            // Timer Expired", then the error tail. The paragraph omits "deletes all routes", but
            // every other way out of Established deletes them and routes from a dead session must
            // not stay in the RIB, so they are deleted here too.
            case FsmEvent.HoldTimerExpires:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.HoldTimerExpired, deleteRoutes: true);
                break;

            // KeepaliveTimer_Expires (Event 11): "sends a KEEPALIVE message, and restarts its
            // KeepaliveTimer, unless the negotiated HoldTime value is zero."
            case FsmEvent.KeepaliveTimerExpires:
                t.Add(FsmActionKind.SendKeepalive);
                t.Add(FsmActionKind.RestartKeepaliveTimer);
                break;

            // Event 14 "will cause the second connection to be tracked"; after Events 16, 17 "the
            // second connection SHALL be tracked until it sends an OPEN message."
            case FsmEvent.TcpConnectionValid or FsmEvent.TcpCrAcked or FsmEvent.TcpConnectionConfirmed:
                t.Add(FsmActionKind.TrackSecondConnection);
                break;

            // "An invalid TCP connection (Tcp_CR_Invalid event (Event 15)) will be ignored."
            case FsmEvent.TcpCrInvalid:
                break;

            // BGPOpen (Event 19): "if the CollisionDetectEstablishedState optional attribute is
            // TRUE, the OPEN message will be checked to see if it collides (Section 6.8) with any
            // other connection." Otherwise "a Detect Collision ... will be ignored in the
            // Established state" (RFC 4271 §8.1.1 group 4 option 5).
            case FsmEvent.BgpOpen:
                if (config.CollisionDetectEstablishedState)
                {
                    t.Add(FsmActionKind.DetectCollision);
                }

                break;

            // OpenCollisionDump (Event 23), processed only with CollisionDetectEstablishedState
            // (RFC 4271 §8.1, Event 23): "sends a NOTIFICATION with a Cease, sets the
            // ConnectRetryTimer to zero, deletes all routes ...", then the error tail.
            case FsmEvent.OpenCollisionDump:
                if (config.CollisionDetectEstablishedState)
                {
                    BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.CollisionResolution, deleteRoutes: true);
                }

                break;

            // NotifMsgVerErr, NotifMsg (Events 24, 25) or TcpConnectionFails (Event 18): "sets the
            // ConnectRetryTimer to zero, deletes all routes associated with this connection,
            // releases all the BGP resources, drops the TCP connection, increments the
            // ConnectRetryCounter by 1, changes its state to Idle." (No damping in this paragraph.)
            case FsmEvent.TcpConnectionFails or FsmEvent.NotifMsgVerErr or FsmEvent.NotifMsg:
                BgpFsm.CloseAndGoIdle(ref t, config, notification: null, deleteRoutes: true, damp: false);
                break;

            // KeepAliveMsg (Event 26): "restarts its HoldTimer, if the negotiated HoldTime value is
            // non-zero, and remains in the Established state."
            case FsmEvent.KeepAliveMsg:
                t.Add(FsmActionKind.RestartHoldTimer);
                break;

            // UpdateMsg (Event 27): "processes the message, restarts its HoldTimer, if the
            // negotiated HoldTime value is non-zero, and remains in the Established state."
            case FsmEvent.UpdateMsg:
                t.Add(FsmActionKind.ProcessUpdate);
                t.Add(FsmActionKind.RestartHoldTimer);
                break;

            // UpdateMsgErr (Event 28): "sends a NOTIFICATION message with an Update error", then
            // the error tail with routes deleted. (Errors RFC 7606 downgrades to treat-as-withdraw
            // or attribute-discard are not Event 28: the session handles them as Event 27.)
            case FsmEvent.UpdateMsgErr:
                BgpFsm.CloseAndGoIdle(ref t, config,
                    BgpFsm.ErrorNotification(input, NotificationCode.UpdateMessageError), deleteRoutes: true);
                break;

            // BGPHeaderErr (Event 21) falls in the "any other event" list below, but RFC 4271 §6.1
            // says header errors MUST be answered with Message Header Error, and a message whose
            // header is broken cannot be called unexpected: send the header error, then close as
            // the "any other event" arm does.
            case FsmEvent.BgpHeaderErr:
                BgpFsm.CloseAndGoIdle(ref t, config,
                    BgpFsm.ErrorNotification(input, NotificationCode.MessageHeaderError), deleteRoutes: true);
                break;

            // RFC 9687 §4, SendHoldTimer_Expires: NOTIFICATION Send Hold Timer Expired, routes
            // deleted, error tail.
            case FsmEvent.SendHoldTimerExpires:
                BgpFsm.CloseAndGoIdle(ref t, config, FsmNotification.SendHoldTimerExpired, deleteRoutes: true);
                break;

            // "In response to any other event (Events 9, 12-13, 20-22), the local system: sends a
            // NOTIFICATION message with the Error Code Finite State Machine Error, deletes all
            // routes associated with this connection, sets the ConnectRetryTimer to zero, releases
            // all BGP resources, drops the TCP connection, increments the ConnectRetryCounter by 1,
            // (optionally) performs peer oscillation damping ..., and changes its state to Idle."
            // (Steps run in the order of the other error arms; deleting routes before or after
            // zeroing the ConnectRetryTimer is not visible to the peer.) RFC 6608 §3: subcode 3
            // for a message (an OPEN), 0 for a timer.
            default:
                BgpFsm.CloseAndGoIdle(ref t, config,
                    BgpFsm.UnexpectedEvent(SessionState.Established, input.Event), deleteRoutes: true);
                break;
        }

        return t;
    }
}
