namespace Bgp.Speaker.Fsm;

/// <summary>
/// What the session must do, one step of an RFC 4271 §8.2.2 arm each. The FSM only returns
/// these; the session executes them in order.
/// </summary>
/// <remarks>
/// Timer semantics: "Start" and "Restart" both (re)arm the timer with
/// <see cref="FsmAction.Duration"/>; "Stop" disarms it and is harmless when it is not running
/// (the RFC's "stops ... (if running) and sets ... to zero"). <see cref="RestartHoldTimer"/> and
/// <see cref="RestartKeepaliveTimer"/> carry no duration: they reuse the negotiated values and do
/// nothing when the negotiated HoldTime is zero (RFC 4271 §8.2.2, Established).
/// </remarks>
public enum FsmActionKind : byte
{
    /// <summary>"initializes all BGP resources for the peer connection" (Idle, on a start event).</summary>
    InitializeResources,

    /// <summary>"completes BGP initialization" before sending OPEN (RFC 4271 §8.2.1.5: local matter).</summary>
    CompleteInitialization,

    /// <summary>
    /// "releases all BGP resources": stops the HoldTimer, KeepaliveTimer, DelayOpenTimer and
    /// SendHoldTimer and frees per-connection state. The ConnectRetryTimer and counter are left
    /// alone; the RFC names them separately in every arm.
    /// </summary>
    ReleaseResources,

    /// <summary>"deletes all routes associated with this connection" (leaving Established).</summary>
    DeleteAllRoutes,

    // ConnectRetryTimer and ConnectRetryCounter (RFC 4271 §8, mandatory attributes 2-4)
    StartConnectRetryTimer,
    RestartConnectRetryTimer,
    StopConnectRetryTimer,
    ZeroConnectRetryCounter,
    IncrementConnectRetryCounter,

    // TCP
    /// <summary>"initiates a TCP connection to the other BGP peer".</summary>
    InitiateTcpConnection,

    /// <summary>"listens for a connection that may be initiated by the remote BGP peer".</summary>
    ListenForTcpConnection,

    /// <summary>TcpConnection_Valid in Connect/Active: "the TCP connection is processed".</summary>
    AcceptTcpConnection,

    /// <summary>Tcp_CR_Invalid in Connect/Active: "rejects the TCP connection".</summary>
    RejectTcpConnection,

    /// <summary>
    /// A second TCP connection appeared in OpenSent, OpenConfirm or Established; track it until
    /// its OPEN arrives (RFC 4271 §6.8 collision detection).
    /// </summary>
    TrackSecondConnection,

    /// <summary>"drops the TCP connection".</summary>
    DropTcpConnection,

    // Messages
    SendOpen,
    SendKeepalive,

    /// <summary>Send a NOTIFICATION with <see cref="FsmAction.Notification"/>; the session adds the data field.</summary>
    SendNotification,

    /// <summary>Event 27: run UPDATE processing (RFC 4271 §9) on the received message.</summary>
    ProcessUpdate,

    /// <summary>
    /// A valid OPEN arrived: run RFC 4271 §6.8 collision detection against the other connection
    /// to the same peer, and signal <see cref="FsmEvent.OpenCollisionDump"/> to the FSM of the
    /// connection that must close.
    /// </summary>
    DetectCollision,

    // Timers
    StartHoldTimer,
    RestartHoldTimer,
    StopHoldTimer,
    StartKeepaliveTimer,
    RestartKeepaliveTimer,
    StopKeepaliveTimer,
    StartDelayOpenTimer,
    StopDelayOpenTimer,

    /// <summary>RFC 9687: start the SendHoldTimer; the session restarts it whenever a send makes progress.</summary>
    StartSendHoldTimer,
    StopSendHoldTimer,

    /// <summary>"(optionally) performs peer oscillation damping" (only when DampPeerOscillations is set).</summary>
    PerformPeerOscillationDamping,
}
