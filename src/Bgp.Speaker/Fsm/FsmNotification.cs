using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Fsm;

/// <summary>
/// The error code and subcode of a NOTIFICATION the FSM sends or is told about. The data field
/// stays with the session, which holds the <c>BgpNotificationException</c> that carried it.
/// </summary>
public readonly record struct FsmNotification(NotificationCode Code, byte Subcode)
{
    /// <summary>
    /// RFC 9687: error code 8, "Send Hold Timer Expired".
    /// </summary>
    public const NotificationCode SendHoldTimerExpiredCode = NotificationCode.SendHoldTimerExpired;

    /// <summary>RFC 4271 §6.5: Hold Timer Expired, no subcode.</summary>
    public static FsmNotification HoldTimerExpired => new(NotificationCode.HoldTimerExpired, 0);

    /// <summary>RFC 9687 §4: Send Hold Timer Expired, no subcode.</summary>
    public static FsmNotification SendHoldTimerExpired => new(SendHoldTimerExpiredCode, 0);

    /// <summary>RFC 4486 §4: Cease / Administrative Shutdown, for a ManualStop.</summary>
    public static FsmNotification AdministrativeShutdown =>
        new(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown);

    /// <summary>RFC 4486 §4: Cease / Connection Collision Resolution, for an OpenCollisionDump.</summary>
    public static FsmNotification CollisionResolution =>
        new(NotificationCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution);

    /// <summary>RFC 4271 §8.2.2: a plain Cease, for an AutomaticStop that gave no reason.</summary>
    public static FsmNotification Cease => new(NotificationCode.Cease, (byte)CeaseSubcode.Unspecific);

    /// <summary>RFC 6608 §3: Finite State Machine Error with the given subcode.</summary>
    public static FsmNotification FsmError(FsmErrorSubcode subcode) =>
        new(NotificationCode.FiniteStateMachineError, (byte)subcode);

    public override string ToString() => $"{(byte)Code}/{Subcode}";
}
