namespace Bgp.Speaker.Fsm;

/// <summary>
/// One step for the session to execute: a <see cref="FsmActionKind"/> plus, for timer starts,
/// the duration, and for <see cref="FsmActionKind.SendNotification"/>, the code and subcode.
/// </summary>
public readonly record struct FsmAction
{
    private FsmAction(FsmActionKind kind, TimeSpan duration, FsmNotification notification)
    {
        Kind = kind;
        Duration = duration;
        Notification = notification;
    }

    public FsmActionKind Kind { get; }

    /// <summary>For Start…Timer and RestartConnectRetryTimer: the initial value; otherwise zero.</summary>
    public TimeSpan Duration { get; }

    /// <summary>For <see cref="FsmActionKind.SendNotification"/>: what to send; otherwise default.</summary>
    public FsmNotification Notification { get; }

    /// <summary>An action without payload.</summary>
    public static FsmAction Of(FsmActionKind kind) => new(kind, TimeSpan.Zero, default);

    /// <summary>An action that (re)arms a timer for <paramref name="duration"/>.</summary>
    public static FsmAction Timer(FsmActionKind kind, TimeSpan duration) => new(kind, duration, default);

    public static FsmAction SendNotification(FsmNotification notification) =>
        new(FsmActionKind.SendNotification, TimeSpan.Zero, notification);

    /// <summary>"Kind", "Kind(90s)" or "SendNotification(5/1)": the form the FSM table tests read.</summary>
    public override string ToString() =>
        Kind == FsmActionKind.SendNotification ? $"{Kind}({Notification})"
        : Duration != TimeSpan.Zero ? $"{Kind}({Duration.TotalSeconds:0.###}s)"
        : Kind.ToString();
}
