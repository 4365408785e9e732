namespace Bgp.Speaker.Fsm;

/// <summary>
/// The session attributes of RFC 4271 §8 that change what the FSM does. Immutable; one per
/// configured peer.
/// </summary>
public sealed record FsmConfig
{
    /// <summary>RFC 4271 §10: suggested ConnectRetryTime, 120 seconds.</summary>
    public static readonly TimeSpan DefaultConnectRetryTime = TimeSpan.FromSeconds(120);

    /// <summary>RFC 4271 §10: suggested HoldTime, 90 seconds.</summary>
    public static readonly TimeSpan DefaultHoldTime = TimeSpan.FromSeconds(90);

    /// <summary>
    /// RFC 4271 §8.2.2 (Connect and Active): after sending OPEN the HoldTimer is set to "a large
    /// value"; "a HoldTimer value of 4 minutes is suggested".
    /// </summary>
    public static readonly TimeSpan DefaultLargeHoldTime = TimeSpan.FromMinutes(4);

    /// <summary>
    /// DelayOpenTime when DelayOpen is enabled. RFC 4271 gives no value; this is a local choice,
    /// long enough for a peer that sends its OPEN at once to win the race.
    /// </summary>
    public static readonly TimeSpan DefaultDelayOpenTime = TimeSpan.FromSeconds(5);

    /// <summary>RFC 9687 §3: suggested SendHoldTime, 8 minutes.</summary>
    public static readonly TimeSpan DefaultSendHoldTime = TimeSpan.FromMinutes(8);

    /// <summary>RFC 4271 §10: KeepaliveTime is suggested to be one third of the HoldTime.</summary>
    public const int HoldTimePerKeepaliveTime = 3;

    /// <summary>ConnectRetryTime (RFC 4271 §8, mandatory attribute 4).</summary>
    public TimeSpan ConnectRetryTime { get; init; } = DefaultConnectRetryTime;

    /// <summary>
    /// HoldTime we advertise in our OPEN (RFC 4271 §8, mandatory attribute 6). The FSM itself
    /// uses the negotiated value carried by <see cref="FsmInput.NegotiatedHoldTime"/>.
    /// </summary>
    public TimeSpan HoldTime { get; init; } = DefaultHoldTime;

    /// <summary>The "large value" the HoldTimer gets while we wait for the peer's OPEN (RFC 4271 §8.2.2).</summary>
    public TimeSpan LargeHoldTime { get; init; } = DefaultLargeHoldTime;

    /// <summary>RFC 9687 §3: how long we may fail to send before closing the connection.</summary>
    public TimeSpan SendHoldTime { get; init; } = DefaultSendHoldTime;

    /// <summary>RFC 4271 §8.1.1 group 4 option 1: wait DelayOpenTime for the peer's OPEN before sending ours.</summary>
    public bool DelayOpen { get; init; }

    /// <summary>RFC 4271 §8.1.1 group 4 option 2.</summary>
    public TimeSpan DelayOpenTime { get; init; } = DefaultDelayOpenTime;

    /// <summary>
    /// RFC 4271 §8.1.1 group 3 option 1: only listen, never connect. RFC 4271 §8.1.2 says
    /// ManualStart and AutomaticStart SHOULD NOT be used with it set, so with it set they act as
    /// their _with_PassiveTcpEstablishment variants (Events 4 and 5).
    /// </summary>
    public bool PassiveTcpEstablishment { get; init; }

    /// <summary>
    /// RFC 4271 §8.1.1 group 4 option 4: in Connect and Active, send a NOTIFICATION even though
    /// our OPEN has not been sent.
    /// </summary>
    public bool SendNotificationWithoutOpen { get; init; }

    /// <summary>
    /// RFC 4271 §8.1.1 group 1 option 3. When set, the FSM emits
    /// <see cref="FsmActionKind.PerformPeerOscillationDamping"/> where §8.2.2 says "(optionally)
    /// performs peer oscillation damping"; the damping method (IdleHoldTimer back-off) is the
    /// session's. Events 6 and 7 are handled like Events 3 and 5.
    /// </summary>
    public bool DampPeerOscillations { get; init; }

    /// <summary>RFC 4271 §8.1.1 group 4 option 5: process collisions in Established too.</summary>
    public bool CollisionDetectEstablishedState { get; init; }

    /// <summary>RFC 4271 §10: the KeepaliveTime for a negotiated hold time (one third of it).</summary>
    public static TimeSpan KeepaliveTimeFor(TimeSpan negotiatedHoldTime) =>
        negotiatedHoldTime / HoldTimePerKeepaliveTime;
}
