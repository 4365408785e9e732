using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bgp.Speaker.Tests.Sessions;

public sealed class SessionTimerTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void EarlyFire_IsRearmedForTheRemainder_AndThenHonoured()
    {
        // The system timer and the wall clock differ in resolution: a timer can fire while
        // GetUtcNow is still a hair before the due time. That fire must not be lost.
        var fake = new FakeTimeProvider();
        var clock = new EarlyTimers(fake, Skew);
        var fired = 0;
        var consumed = 0;
        using var timer = new SessionTimer(clock, SessionTimerKind.ConnectRetry, null, t =>
        {
            fired++;
            if (t.TryConsumeExpiry())
            {
                consumed++;
            }
        });

        timer.Start(TimeSpan.FromSeconds(2));
        fake.Advance(TimeSpan.FromSeconds(2) - Skew);

        Assert.Equal(1, fired);
        Assert.Equal(0, consumed);
        Assert.True(timer.IsArmed, "an early fire must leave the timer armed");

        fake.Advance(Skew);

        Assert.Equal(2, fired);
        Assert.Equal(1, consumed);
        Assert.False(timer.IsArmed);
    }

    [Fact]
    public void FireAfterStop_IsIgnored()
    {
        var fake = new FakeTimeProvider();
        SessionTimer? captured = null;
        using var timer = new SessionTimer(fake, SessionTimerKind.Hold, null, t => captured = t);

        timer.Start(TimeSpan.FromSeconds(1));
        fake.Advance(TimeSpan.FromSeconds(1));
        timer.Stop();

        Assert.NotNull(captured);
        Assert.False(captured.TryConsumeExpiry());
    }

    /// <summary>The fake provider's clock, with timers that fire a fixed skew before they are due.</summary>
    private sealed class EarlyTimers(FakeTimeProvider inner, TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new EarlyTimer(inner.CreateTimer(callback, state, Early(dueTime), period), skew);

        private TimeSpan Early(TimeSpan dueTime) => dueTime == Timeout.InfiniteTimeSpan || dueTime <= skew ? dueTime : dueTime - skew;

        private sealed class EarlyTimer(ITimer timer, TimeSpan skew) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) =>
                timer.Change(dueTime == Timeout.InfiniteTimeSpan || dueTime <= skew ? dueTime : dueTime - skew, period);

            public void Dispose() => timer.Dispose();

            public ValueTask DisposeAsync() => timer.DisposeAsync();
        }
    }
}
