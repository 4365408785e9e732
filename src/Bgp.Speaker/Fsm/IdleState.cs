namespace Bgp.Speaker.Fsm;

/// <summary>RFC 4271 §8.2.2, "Idle state": no resources, all incoming connections refused.</summary>
internal static class IdleState
{
    public static FsmTransition Handle(in FsmInput input, FsmConfig config)
    {
        var t = new FsmTransition(SessionState.Idle);
        switch (input.Event)
        {
            // "In response to a ManualStart event (Event 1) or an AutomaticStart event (Event 3),
            // the local system: initializes all BGP resources ..., sets ConnectRetryCounter to
            // zero, starts the ConnectRetryTimer with the initial value, initiates a TCP connection
            // to the other BGP peer, listens for a connection ..., and changes its state to Connect."
            // Event 6 is Event 3 plus damping, which is the session's (FsmConfig.DampPeerOscillations).
            // With PassiveTcpEstablishment set these act as Events 4/5 (RFC 4271 §8.1.2 says they
            // SHOULD NOT be used with it set).
            case FsmEvent.ManualStart or FsmEvent.AutomaticStart or FsmEvent.AutomaticStartWithDampPeerOscillations:
                Start(ref t, config, passive: config.PassiveTcpEstablishment);
                break;

            // "In response to a ManualStart_with_PassiveTcpEstablishment event (Event 4) or
            // AutomaticStart_with_PassiveTcpEstablishment event (Event 5), the local system:
            // initializes all BGP resources, sets the ConnectRetryCounter to zero, starts the
            // ConnectRetryTimer with the initial value, listens for a connection ..., and changes
            // its state to Active." Event 7 is Event 5 plus damping.
            case FsmEvent.ManualStartWithPassiveTcpEstablishment
                or FsmEvent.AutomaticStartWithPassiveTcpEstablishment
                or FsmEvent.AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment:
                Start(ref t, config, passive: true);
                break;

            // "The ManualStop event (Event 2) and AutomaticStop (Event 8) event are ignored in the
            // Idle state." "Any other event (Events 9-12, 15-28) received in the Idle state does
            // not cause change in the state of the local system." IdleHoldTimer_Expires (Event 13)
            // belongs to the damping the session does before it raises a start event, and
            // SendHoldTimer_Expires (RFC 9687) cannot apply without a connection; both are ignored.
            default:
                break;
        }

        return t;
    }

    private static void Start(ref FsmTransition t, FsmConfig config, bool passive)
    {
        t.Add(FsmActionKind.InitializeResources);
        t.Add(FsmActionKind.ZeroConnectRetryCounter);
        t.Add(FsmAction.Timer(FsmActionKind.StartConnectRetryTimer, config.ConnectRetryTime));
        if (!passive)
        {
            t.Add(FsmActionKind.InitiateTcpConnection);
        }

        t.Add(FsmActionKind.ListenForTcpConnection);
        t.MoveTo(passive ? SessionState.Active : SessionState.Connect);
    }
}
