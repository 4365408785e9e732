using Bgp.Protocol;

namespace Bgp.Testing;

/// <summary>BIRD as an <see cref="IRoutingDaemon"/>: originations are static routes; changes rewrite the config and run <c>birdc configure</c>.</summary>
public sealed partial class BirdDaemon : IRoutingDaemon
{
    /// <summary>BIRD's graceful restart recovery flag: wait for peers' End-of-RIB before exporting, and set the Restart State bit (RFC 4724 §3).</summary>
    private const string GracefulRestartRecovery = "-R";

    public string ConfigPath => Path.Combine(Directory, "bird.conf");

    /// <summary>Starts BIRD for <paramref name="peering"/> in graceful-restart recovery mode (<c>bird -R</c>), as after a crash.</summary>
    public static async Task<BirdDaemon> StartRecoveringAsync(DaemonPeering peering)
    {
        var daemon = await StartAsync(peering.Name, BirdConfig.For(peering), [GracefulRestartRecovery]).ConfigureAwait(false);
        daemon._peering = peering;
        return daemon;
    }

    public Task AnnounceAsync(DaemonRoute route) =>
        ReconfigureAsync(Peering with { Routes = [.. Peering.Routes.Where(r => r.Prefix != route.Prefix), route] });

    public Task WithdrawAsync(DaemonRoute route) =>
        ReconfigureAsync(Peering with { Routes = [.. Peering.Routes.Where(r => r.Prefix != route.Prefix)] });

    public Task<IReadOnlyList<DaemonRibRoute>> GetReceivedRoutesAsync(AddressFamily family) =>
        GetReceivedRoutesAsync(Peering.Name, family);

    /// <summary>Paths of <paramref name="family"/> learned through BGP protocol <paramref name="protocol"/>.</summary>
    public async Task<IReadOnlyList<DaemonRibRoute>> GetReceivedRoutesAsync(string protocol, AddressFamily family)
    {
        var table = family == AddressFamily.Ipv6Unicast ? "master6" : "master4";
        return BirdRoutes.Parse(await BirdcAsync("show", "route", "all", "table", table, "protocol", protocol).ConfigureAwait(false));
    }

    private async Task ReconfigureAsync(DaemonPeering peering)
    {
        var config = BirdConfig.For(peering, _moreNeighbors).Replace("{LOG}", LogFile, StringComparison.Ordinal);
        await File.WriteAllTextAsync(ConfigPath, config).ConfigureAwait(false);
        var output = await BirdcAsync("configure").ConfigureAwait(false);
        if (!output.Contains("Reconfigured", StringComparison.Ordinal) && !output.Contains("Reconfiguration in progress", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"birdc configure: {output}\n{config}");
        }

        _peering = peering;
    }
}
