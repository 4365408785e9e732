namespace Bgp.Speaker.Sessions;

/// <summary>The timers of RFC 4271 §8 (and RFC 9687's SendHoldTimer, which lives on the connection).</summary>
internal enum SessionTimerKind
{
    ConnectRetry,
    Hold,
    Keepalive,
    DelayOpen,

    /// <summary>The restart delay after an automatic stop or an error (RFC 4271 §8.1.1 IdleHoldTimer, Event 13).</summary>
    IdleHold,
}

/// <summary>
/// A one-shot timer on the injected <see cref="TimeProvider"/> whose expiry is posted to the
/// session's event loop. An expiry is honoured only if the timer is still armed and due when the
/// loop handles it, so a fire that raced a stop is ignored and one that raced a restart (or came
/// early) waits for the new due time.
/// </summary>
internal sealed class SessionTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private DateTimeOffset _dueAt;
    private bool _armed;

    public SessionTimer(TimeProvider time, SessionTimerKind kind, object? owner, Action<SessionTimer> onFire)
    {
        _time = time;
        Kind = kind;
        Owner = owner;
        _timer = time.CreateTimer(_ => onFire(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public SessionTimerKind Kind { get; }

    /// <summary>The connection FSM the timer belongs to; null for session-wide timers.</summary>
    public object? Owner { get; }

    public bool IsArmed
    {
        get
        {
            lock (_lock)
            {
                return _armed;
            }
        }
    }

    /// <summary>Starts or restarts the timer (RFC 4271 "starts"/"restarts" are the same here).</summary>
    public void Start(TimeSpan duration)
    {
        lock (_lock)
        {
            _armed = true;
            _dueAt = _time.GetUtcNow() + duration;
            _timer.Change(duration, Timeout.InfiniteTimeSpan);
        }
    }

    public void Stop()
    {
        lock (_lock)
        {
            _armed = false;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Called by the event loop for a posted expiry: true (and disarmed) if it is current.</summary>
    public bool TryConsumeExpiry() => TryConsumeExpiry(out _);

    /// <summary>As <see cref="TryConsumeExpiry()"/>; <paramref name="late"/> is how long after its due time the expiry is consumed.</summary>
    public bool TryConsumeExpiry(out TimeSpan late)
    {
        late = TimeSpan.Zero;
        lock (_lock)
        {
            if (!_armed)
            {
                return false;
            }

            // A system timer may fire a little before the wall clock reaches the due time (the
            // two clocks differ in resolution). Re-arm for the remainder rather than drop the
            // expiry, or the timer would never fire again and the session would stall.
            var remaining = _dueAt - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                _timer.Change(remaining, Timeout.InfiniteTimeSpan);
                return false;
            }

            _armed = false;
            late = -remaining;
            return true;
        }
    }

    public void Dispose() => _timer.Dispose();
}
