using Bgp.Speaker.Fsm;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>
/// A toy session for tests: feeds events to <see cref="BgpFsm"/> and executes the actions
/// against a model of the timers, the counter, the connection and the messages sent, so a
/// scenario can assert on what a real session would have done.
/// </summary>
internal sealed class FsmDriver
{
    private readonly FsmConfig _config;
    private TimeSpan _negotiatedHoldTime;

    public FsmDriver(FsmConfig config)
    {
        _config = config;
    }

    public SessionState State { get; private set; } = SessionState.Idle;

    public int ConnectRetryCounter { get; private set; }

    public bool HasResources { get; private set; }

    public bool TcpOpen { get; private set; }

    public bool RoutesDeleted { get; private set; }

    /// <summary>Timers that are armed, with their initial values.</summary>
    public Dictionary<string, TimeSpan> Timers { get; } = [];

    /// <summary>Messages sent, in order: "OPEN", "KEEPALIVE", "NOTIFICATION 6/2".</summary>
    public List<string> Sent { get; } = [];

    public List<SessionState> Path { get; } = [SessionState.Idle];

    public bool DelayOpenTimerRunning => Timers.ContainsKey("DelayOpen");

    public FsmTransition Feed(FsmEvent fsmEvent, TimeSpan negotiatedHoldTime = default)
    {
        var input = new FsmInput(fsmEvent)
        {
            NegotiatedHoldTime = negotiatedHoldTime,
            DelayOpenTimerRunning = DelayOpenTimerRunning,
        };
        var transition = BgpFsm.Handle(State, input, _config);
        if (fsmEvent is FsmEvent.BgpOpen or FsmEvent.BgpOpenWithDelayOpenTimerRunning)
        {
            _negotiatedHoldTime = negotiatedHoldTime;
        }

        foreach (var action in transition.Actions)
        {
            Execute(action);
        }

        if (transition.NextState != State)
        {
            Path.Add(transition.NextState);
        }

        State = transition.NextState;
        return transition;
    }

    private void Execute(FsmAction action)
    {
        switch (action.Kind)
        {
            case FsmActionKind.InitializeResources:
                HasResources = true;
                RoutesDeleted = false;
                break;
            case FsmActionKind.ReleaseResources:
                HasResources = false;
                Timers.Remove("Hold");
                Timers.Remove("Keepalive");
                Timers.Remove("DelayOpen");
                Timers.Remove("SendHold");
                break;
            case FsmActionKind.DeleteAllRoutes:
                RoutesDeleted = true;
                break;
            case FsmActionKind.ZeroConnectRetryCounter:
                ConnectRetryCounter = 0;
                break;
            case FsmActionKind.IncrementConnectRetryCounter:
                ConnectRetryCounter++;
                break;
            case FsmActionKind.InitiateTcpConnection or FsmActionKind.AcceptTcpConnection:
                TcpOpen = true;
                break;
            case FsmActionKind.DropTcpConnection:
                TcpOpen = false;
                break;
            case FsmActionKind.SendOpen:
                Sent.Add("OPEN");
                break;
            case FsmActionKind.SendKeepalive:
                Sent.Add("KEEPALIVE");
                break;
            case FsmActionKind.SendNotification:
                Sent.Add($"NOTIFICATION {action.Notification}");
                break;
            case FsmActionKind.StartConnectRetryTimer or FsmActionKind.RestartConnectRetryTimer:
                Timers["ConnectRetry"] = action.Duration;
                break;
            case FsmActionKind.StopConnectRetryTimer:
                Timers.Remove("ConnectRetry");
                break;
            case FsmActionKind.StartHoldTimer:
                Timers["Hold"] = action.Duration;
                break;
            case FsmActionKind.RestartHoldTimer when _negotiatedHoldTime > TimeSpan.Zero:
                Timers["Hold"] = _negotiatedHoldTime;
                break;
            case FsmActionKind.StopHoldTimer:
                Timers.Remove("Hold");
                break;
            case FsmActionKind.StartKeepaliveTimer:
                Timers["Keepalive"] = action.Duration;
                break;
            case FsmActionKind.RestartKeepaliveTimer when _negotiatedHoldTime > TimeSpan.Zero:
                Timers["Keepalive"] = FsmConfig.KeepaliveTimeFor(_negotiatedHoldTime);
                break;
            case FsmActionKind.StopKeepaliveTimer:
                Timers.Remove("Keepalive");
                break;
            case FsmActionKind.StartDelayOpenTimer:
                Timers["DelayOpen"] = action.Duration;
                break;
            case FsmActionKind.StopDelayOpenTimer:
                Timers.Remove("DelayOpen");
                break;
            case FsmActionKind.StartSendHoldTimer:
                Timers["SendHold"] = action.Duration;
                break;
            case FsmActionKind.StopSendHoldTimer:
                Timers.Remove("SendHold");
                break;
            default:
                // Listening, rejecting, tracking, collision detection, UPDATE processing and
                // damping leave nothing this model tracks.
                break;
        }
    }
}
