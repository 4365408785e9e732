using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Bgp.Speaker.Tests.Sessions;

public sealed class SessionDelaysTests
{
    [Fact]
    public void Longest_IsKeptPerKind_AndAWarningComesOncePerNewPowerOfTwoSeconds()
    {
        var logger = new CountingLogger();
        var delays = new SessionDelays("peer", logger);

        foreach (var ms in new[] { 10, 900, 1_000, 1_500, 1_999, 2_000, 500, 3_000, 4_100 })
        {
            delays.Record(SessionDelayKind.Timer, TimeSpan.FromMilliseconds(ms), "Hold");
        }

        delays.Record(SessionDelayKind.Send, TimeSpan.FromMilliseconds(700), "queued");

        Assert.Equal(TimeSpan.FromMilliseconds(4_100), delays.Longest(SessionDelayKind.Timer));
        Assert.Equal(TimeSpan.FromMilliseconds(700), delays.Longest(SessionDelayKind.Send));
        Assert.Equal(TimeSpan.Zero, delays.Longest(SessionDelayKind.Receive));

        // 1,000 ms (first past 1 s), 2,000 ms (past 2 s), 4,100 ms (past 4 s); nothing for Send under 1 s.
        Assert.Equal(3, logger.Warnings);
    }

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings++;
            }
        }
    }
}
