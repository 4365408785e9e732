using Bgp.Protocol;

namespace Bgp.Testing;

/// <summary>
/// A reference daemon that originates routes (<see cref="DaemonRoute"/>) and shows its RIB
/// through its own CLI: the daemon side of the routing interop tests.
/// </summary>
public interface IRoutingDaemon : IReferenceDaemon
{
    /// <summary>Originates <paramref name="route"/> (or replaces it, by prefix) at runtime.</summary>
    Task AnnounceAsync(DaemonRoute route);

    /// <summary>Stops originating the route for <paramref name="route"/>'s prefix.</summary>
    Task WithdrawAsync(DaemonRoute route);

    /// <summary>Every path of <paramref name="family"/> the daemon learned from BGP peers (not its own originations).</summary>
    Task<IReadOnlyList<DaemonRibRoute>> GetReceivedRoutesAsync(AddressFamily family);
}
