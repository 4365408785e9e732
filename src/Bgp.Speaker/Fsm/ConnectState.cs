using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>RFC 4271 §8.2.2, "Connect State": waiting for our TCP connection to complete.</summary>
internal static class ConnectState
{
    public static FsmTransition Handle(in FsmInput input, FsmConfig config)
    {
        var t = new FsmTransition(SessionState.Connect);
        switch (input.Event)
        {
            // "The start events (Events 1, 3-7) are ignored in the Connect state."
            case var e when BgpFsm.IsStartEvent(e):
                break;

            // ManualStop (Event 2): "drops the TCP connection, releases all BGP resources, sets
            // ConnectRetryCounter to zero, stops the ConnectRetryTimer and sets ConnectRetryTimer
            // to zero, and changes its state to Idle."
            case FsmEvent.ManualStop:
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmActionKind.ReleaseResources);
                t.Add(FsmActionKind.ZeroConnectRetryCounter);
                t.Add(FsmActionKind.StopConnectRetryTimer);
                t.MoveTo(SessionState.Idle);
                break;

            // ConnectRetryTimer_Expires (Event 9): "drops the TCP connection, restarts the
            // ConnectRetryTimer, stops the DelayOpenTimer and resets the timer to zero, initiates a
            // TCP connection to the other BGP peer, continues to listen ..., and stays in the
            // Connect state." (Listening continues; there is nothing new to do for it.)
            case FsmEvent.ConnectRetryTimerExpires:
                t.Add(FsmActionKind.DropTcpConnection);
                t.Add(FsmAction.Timer(FsmActionKind.RestartConnectRetryTimer, config.ConnectRetryTime));
                t.Add(FsmActionKind.StopDelayOpenTimer);
                t.Add(FsmActionKind.InitiateTcpConnection);
                break;

            // DelayOpenTimer_Expires (Event 12): "sends an OPEN message to its peer, sets the
            // HoldTimer to a large value, and changes its state to OpenSent."
            case FsmEvent.DelayOpenTimerExpires:
                BgpFsm.SendOpenAndGoOpenSent(ref t, config);
                break;

            // TcpConnection_Valid (Event 14): "the TCP connection is processed, and the connection
            // remains in the Connect state."
            case FsmEvent.TcpConnectionValid:
                t.Add(FsmActionKind.AcceptTcpConnection);
                break;

            // Tcp_CR_Invalid (Event 15): "the local system rejects the TCP connection, and the
            // connection remains in the Connect state."
            case FsmEvent.TcpCrInvalid:
                t.Add(FsmActionKind.RejectTcpConnection);
                break;

            // Tcp_CR_Acked / TcpConnectionConfirmed (Events 16, 17): "checks the DelayOpen
            // attribute prior to processing." TRUE: "stops the ConnectRetryTimer ..., sets the
            // DelayOpenTimer to the initial value, and stays in the Connect state." FALSE: "stops
            // the ConnectRetryTimer ..., completes BGP initialization, sends an OPEN message to its
            // peer, sets the HoldTimer to a large value, and changes its state to OpenSent."
            case FsmEvent.TcpCrAcked or FsmEvent.TcpConnectionConfirmed:
                BgpFsm.ConnectionUp(ref t, config);
                break;

            // TcpConnectionFails (Event 18), DelayOpenTimer running: "restarts the
            // ConnectRetryTimer with the initial value, stops the DelayOpenTimer and resets its
            // value to zero, continues to listen ..., and changes its state to Active." Not
            // running: "stops the ConnectRetryTimer to zero, drops the TCP connection, releases all
            // BGP resources, and changes its state to Idle."
            case FsmEvent.TcpConnectionFails:
                if (input.DelayOpenTimerRunning)
                {
                    t.Add(FsmAction.Timer(FsmActionKind.RestartConnectRetryTimer, config.ConnectRetryTime));
                    t.Add(FsmActionKind.StopDelayOpenTimer);
                    t.MoveTo(SessionState.Active);
                }
                else
                {
                    t.Add(FsmActionKind.StopConnectRetryTimer);
                    t.Add(FsmActionKind.DropTcpConnection);
                    t.Add(FsmActionKind.ReleaseResources);
                    t.MoveTo(SessionState.Idle);
                }

                break;

            // "If an OPEN message is received while the DelayOpenTimer is running (Event 20)":
            // send OPEN and KEEPALIVE, start the negotiated timers, go to OpenConfirm.
            case FsmEvent.BgpOpenWithDelayOpenTimerRunning:
                BgpFsm.OpenWhileDelayingOpen(ref t, input, config);
                break;

            // BGPHeaderErr / BGPOpenMsgErr (Events 21, 22): "(optionally) If the
            // SendNOTIFICATIONwithoutOPEN attribute is set to TRUE, then the local system first
            // sends a NOTIFICATION message with the appropriate error code, and then stops the
            // ConnectRetryTimer ..., releases all BGP resources, drops the TCP connection,
            // increments the ConnectRetryCounter by 1, (optionally) performs peer oscillation
            // damping ..., and changes its state to Idle."
            case FsmEvent.BgpHeaderErr or FsmEvent.BgpOpenMsgErr:
                BgpFsm.ErrorBeforeOpen(ref t, input, config);
                break;

            // NotifMsgVerErr (Event 24): with the DelayOpenTimer running, go Idle without counting
            // the attempt; otherwise count it and (optionally) damp.
            case FsmEvent.NotifMsgVerErr:
                BgpFsm.VersionErrorBeforeOpen(ref t, input, config);
                break;

            // "In response to any other events (Events 8, 10-11, 13, 19, 23, 25-28), the local
            // system: if the ConnectRetryTimer is running, stops and resets the ConnectRetryTimer
            // ..., if the DelayOpenTimer is running, stops and resets the DelayOpenTimer ...,
            // releases all BGP resources, drops the TCP connection, increments the
            // ConnectRetryCounter by 1, performs peer oscillation damping ..., and changes its
            // state to Idle." SendHoldTimer_Expires (RFC 9687) is also "any other event" here.
            default:
                BgpFsm.CloseAndGoIdle(ref t, config, notification: null,
                    stopDelayOpenTimer: input.DelayOpenTimerRunning);
                break;
        }

        return t;
    }
}
