using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>RFC 4271 §8.2.2, "Active State": listening for, and accepting, the peer's TCP connection.</summary>
internal static class ActiveState
{
    public static FsmTransition Handle(in FsmInput input, FsmConfig config)
    {
        var t = new FsmTransition(SessionState.Active);
        switch (input.Event)
        {
            // "The start events (Events 1, 3-7) are ignored in the Active state."
            case var e when BgpFsm.IsStartEvent(e):
                break;

            // ManualStop (Event 2): "If the DelayOpenTimer is running and the
            // SendNOTIFICATIONwithoutOPEN session attribute is set, the local system sends a
            // NOTIFICATION with a Cease, releases all BGP resources including stopping the
            // DelayOpenTimer, drops the TCP connection, sets ConnectRetryCounter to zero, stops the
            // ConnectRetryTimer and sets the ConnectRetryTimer to zero, and changes its state to Idle."
            case FsmEvent.ManualStop:
                if (input.DelayOpenTimerRunning && config.SendNotificationWithoutOpen)
                {
                    t.Add(FsmAction.SendNotification(input.Notification ?? FsmNotification.AdministrativeShutdown));
                }

                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmActionKind.ZeroConnectRetryCounter);
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.MoveTo(SessionState.Idle);
                break;

            // ConnectRetryTimer_Expires (Event 9): "restarts the ConnectRetryTimer (with initial
            // value), initiates a TCP connection to the other BGP peer, continues to listen ...,
            // and changes its state to Connect."
            case FsmEvent.ConnectRetryTimerExpires:
                t.Add(FsmAction.Timer(FsmActionKind.RestartConnectRetryTimer, config.ConnectRetryTime));
                t.Add(FsmActionKind.InitiateTcpConnection);
                t.MoveTo(SessionState.Connect);
                break;

            // DelayOpenTimer_Expires (Event 12): "sets the ConnectRetryTimer to zero, stops and
            // clears the DelayOpenTimer (set to zero), completes the BGP initialization, sends the
            // OPEN message to its remote peer, sets its hold timer to a large value, and changes
            // its state to OpenSent."
            case FsmEvent.DelayOpenTimerExpires:
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.Add(FsmActionKind.StopDelayOpenTimer);
                t.Add(FsmActionKind.CompleteInitialization);
                BgpFsm.SendOpenAndGoOpenSent(ref t, config);
                break;

            // TcpConnection_Valid (Event 14): "processes the TCP connection flags and stays in the
            // Active state."
            case FsmEvent.TcpConnectionValid:
                t.Add(FsmActionKind.AcceptTcpConnection);
                break;

            // Tcp_CR_Invalid (Event 15): "rejects the TCP connection and stays in the Active State."
            case FsmEvent.TcpCrInvalid:
                t.Add(FsmActionKind.RejectTcpConnection);
                break;

            // Events 16, 17, DelayOpen TRUE: "stops the ConnectRetryTimer and sets the
            // ConnectRetryTimer to zero, sets the DelayOpenTimer to the initial value
            // (DelayOpenTime), and stays in the Active state." FALSE: "sets the ConnectRetryTimer
            // to zero, completes the BGP initialization, sends the OPEN message to its peer, sets
            // its HoldTimer to a large value, and changes its state to OpenSent."
            case FsmEvent.TcpCrAcked or FsmEvent.TcpConnectionConfirmed:
                BgpFsm.ConnectionUp(ref t, config);
                break;

            // TcpConnectionFails (Event 18): "restarts the ConnectRetryTimer (with the initial
            // value), stops and clears the DelayOpenTimer ..., releases all BGP resource,
            // increments the ConnectRetryCounter by 1, optionally performs peer oscillation
            // damping ..., and changes its state to Idle."
            case FsmEvent.TcpConnectionFails:
                t.Add(FsmAction.Timer(FsmActionKind.RestartConnectRetryTimer, config.ConnectRetryTime));
                t.Add(FsmActionKind.StopDelayOpenTimer);
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.IncrementConnectRetryCounter);
                if (config.DampPeerOscillations)
                {
                    t.Add(FsmActionKind.PerformPeerOscillationDamping);
                }

                t.MoveTo(SessionState.Idle);
                break;

            // "If an OPEN message is received and the DelayOpenTimer is running (Event 20)":
            // send OPEN and KEEPALIVE, start the negotiated timers, go to OpenConfirm.
            case FsmEvent.BgpOpenWithDelayOpenTimerRunning:
                BgpFsm.OpenWhileDelayingOpen(ref t, input, config);
                break;

            // Events 21, 22: "(optionally) sends a NOTIFICATION message with the appropriate error
            // code if the SendNOTIFICATIONwithoutOPEN attribute is set to TRUE, sets the
            // ConnectRetryTimer to zero, releases all BGP resources, drops the TCP connection,
            // increments the ConnectRetryCounter by 1, (optionally) performs peer oscillation
            // damping ..., and changes its state to Idle."
            case FsmEvent.BgpHeaderErr or FsmEvent.BgpOpenMsgErr:
                BgpFsm.ErrorBeforeOpen(ref t, input, config);
                break;

            // NotifMsgVerErr (Event 24): as in Connect.
            case FsmEvent.NotifMsgVerErr:
                BgpFsm.VersionErrorBeforeOpen(ref t, input, config);
                break;

            // "In response to any other event (Events 8, 10-11, 13, 19, 23, 25-28), the local
            // system: sets the ConnectRetryTimer to zero, releases all BGP resources, drops the TCP
            // connection, increments the ConnectRetryCounter by one, (optionally) performs peer
            // oscillation damping ..., and changes its state to Idle." SendHoldTimer_Expires
            // (RFC 9687) is also "any other event" here.
            default:
                BgpFsm.CloseAndGoIdle(ref t, config, notification: null);
                break;
        }

        return t;
    }
}
