using System.Text.Json;
using Bgp.Protocol;

namespace Bgp.Testing;

/// <summary>FRR as an <see cref="IRoutingDaemon"/>: originations are <c>network</c> statements with a route-map each, changed through vtysh.</summary>
public sealed partial class FrrDaemon : IRoutingDaemon
{
    public async Task AnnounceAsync(DaemonRoute route)
    {
        var commands = new List<string> { "configure terminal" };
        commands.AddRange(FrrRoutes.RouteMapLines(route).Select(l => l.Trim()));
        commands.Add("exit");
        commands.AddRange(RouterAddressFamily(route));
        commands.Add($"network {route.Prefix} route-map {FrrRoutes.RouteMapName(route)}");
        await VtyshAsync(commands).ConfigureAwait(false);
    }

    public Task WithdrawAsync(DaemonRoute route) =>
        VtyshAsync(["configure terminal", .. RouterAddressFamily(route), $"no network {route.Prefix}"]);

    public async Task<IReadOnlyList<DaemonRibRoute>> GetReceivedRoutesAsync(AddressFamily family)
    {
        var afi = family == AddressFamily.Ipv6Unicast ? "ipv6" : "ipv4";
        var table = await VtyshAsync([$"show bgp {afi} unicast json"]).ConfigureAwait(false);
        var routes = new List<DaemonRibRoute>();
        using var json = JsonDocument.Parse(table);
        if (!json.RootElement.TryGetProperty("routes", out var prefixes))
        {
            return routes;
        }

        foreach (var prefix in prefixes.EnumerateObject())
        {
            var detail = await VtyshAsync([$"show bgp {afi} unicast {prefix.Name} json"]).ConfigureAwait(false);
            routes.AddRange(FrrRoutes.ParsePrefix(prefix.Name, detail));
        }

        return routes;
    }

    private string[] RouterAddressFamily(DaemonRoute route) =>
        [$"router bgp {DaemonPeering.Invariant(Peering.LocalAs)}", route.IsIpv6 ? "address-family ipv6 unicast" : "address-family ipv4 unicast"];

    private async Task<string> VtyshAsync(IReadOnlyList<string> commands)
    {
        var arguments = new List<string> { "--vty_socket", Directory, "-d", "bgpd" };
        foreach (var command in commands)
        {
            arguments.AddRange(["-c", command]);
        }

        var result = await ExternalCommand.RunAsync(DaemonBinaries.Require(DaemonBinaries.Vtysh, "vtysh"), arguments).ConfigureAwait(false);
        if (!result.Ok || result.Output.Contains("% ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"vtysh {string.Join(" | ", commands)}: {result.Output}{result.Error}");
        }

        return result.Output;
    }
}
