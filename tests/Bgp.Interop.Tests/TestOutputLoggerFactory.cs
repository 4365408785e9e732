using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests;

/// <summary>
/// Loggers that write to the test's output and keep every line, so a failed assertion can show
/// what the speaker did and a test can look for a line ("sent 4/0").
/// </summary>
public sealed class TestOutputLoggerFactory(ITestOutputHelper? output) : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public string Tail(int count = 60) => string.Join('\n', _lines.TakeLast(count));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        _lines.Enqueue(line);
        try
        {
            output?.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; a late line from a closing session is dropped.
        }
    }

    private sealed class Logger(TestOutputLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {shortCategory}: {formatter(state, exception)}";
            factory.Write(exception is null ? line : line + " " + exception.Message);
        }
    }
}
