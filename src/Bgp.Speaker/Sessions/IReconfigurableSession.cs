using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// A session that takes reloaded options in place when they differ only in policy and routing
/// options (<see cref="PeerOptions.EqualsExceptPolicy"/>), which the routing engine applies without
/// a session reset; the host calls it so status and diagnostics show the options in force.
/// </summary>
public interface IReconfigurableSession
{
    /// <summary>Replaces the session's options.</summary>
    /// <exception cref="ArgumentException">The options change the session itself: that needs a new session.</exception>
    void UpdateOptions(PeerOptions options);
}
