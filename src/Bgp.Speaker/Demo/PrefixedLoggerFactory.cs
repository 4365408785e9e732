using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Demo;

/// <summary>
/// Puts a speaker's name in front of every logger category, so that the five speakers of one
/// process can be told apart in the logs ("node-2/Bgp.Speaker.Peer.rr").
/// </summary>
internal sealed class PrefixedLoggerFactory(ILoggerFactory inner, string prefix) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => inner.CreateLogger($"{prefix}/{categoryName}");

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The inner factory belongs to the caller.</summary>
    public void Dispose()
    {
    }
}
