namespace Bgp.Testing;

/// <summary>
/// A reference BGP daemon we started with one <see cref="DaemonPeering"/>: its session state, its
/// process (frozen and thawed for the hold-timer tests), and its logs for failure messages.
/// Dispose stops it by PID and deletes its temp directory.
/// </summary>
public interface IReferenceDaemon : IDisposable
{
    ReferenceDaemonKind Kind { get; }

    DaemonPeering Peering { get; }

    /// <summary>The process we started, for SIGSTOP/SIGCONT.</summary>
    DaemonProcess Process { get; }

    /// <summary>The session state in the daemon's own words (BIRD "Established", FRR "OpenSent", GoBGP 6…).</summary>
    Task<string> GetSessionStateAsync();

    Task<bool> IsEstablishedAsync();

    /// <summary>Polls until the session is Established; throws <see cref="TimeoutException"/> with the daemon's state and log tail.</summary>
    Task WaitEstablishedAsync(TimeSpan timeout);

    /// <summary>State, counters and log tail for an assertion message.</summary>
    Task<string> DiagnosticsAsync();
}
