using System.Net;
using Bgp.Protocol;
using Bgp.Testing;

namespace Bgp.Interop.Tests.Routing;

/// <summary>The test routes shared by the routing interop tests, and polling helpers over a daemon's RIB.</summary>
internal static class RouteExpectations
{
    public static readonly TimeSpan RouteTimeout = TimeSpan.FromSeconds(20);

    /// <summary>An IPv4 route with every attribute the tests check.</summary>
    public static DaemonRoute Ipv4(string prefix, string nextHop = "192.0.2.10") => new()
    {
        Prefix = prefix,
        NextHop = IPAddress.Parse(nextHop),
        Communities = ["65010:100", "65010:101"],
        LargeCommunities = ["65010:1:2"],
        Med = 10,
        LocalPref = 200,
        Prepend = [65099],
    };

    public static DaemonRoute Ipv6(string prefix, string nextHop = "2001:db8::10") => Ipv4(prefix) with { NextHop = IPAddress.Parse(nextHop) };

    public static AddressFamily FamilyOf(string prefix) =>
        prefix.Contains(':', StringComparison.Ordinal) ? AddressFamily.Ipv6Unicast : AddressFamily.Ipv4Unicast;

    /// <summary>Polls the daemon's RIB until <paramref name="prefix"/> is there; returns its paths.</summary>
    public static async Task<IReadOnlyList<DaemonRibRoute>> WaitForRouteAsync(IRoutingDaemon daemon, string prefix, int paths = 1)
    {
        IReadOnlyList<DaemonRibRoute> found = [];
        await ExternalCommand.WaitUntilAsync(async () =>
            {
                found = [.. (await daemon.GetReceivedRoutesAsync(FamilyOf(prefix))).Where(r => r.Prefix == prefix)];
                return found.Count >= paths;
            }, RouteTimeout, $"{daemon.Kind} to hold {paths} path(s) for {prefix}",
            async () => string.Join('\n', await daemon.GetReceivedRoutesAsync(FamilyOf(prefix))) + "\n" + await daemon.DiagnosticsAsync());
        return found;
    }

    public static Task WaitForRouteGoneAsync(IRoutingDaemon daemon, string prefix) =>
        ExternalCommand.WaitUntilAsync(async () =>
                !(await daemon.GetReceivedRoutesAsync(FamilyOf(prefix))).Any(r => r.Prefix == prefix),
            RouteTimeout, $"{daemon.Kind} to drop {prefix}",
            async () => string.Join('\n', await daemon.GetReceivedRoutesAsync(FamilyOf(prefix))));
}
