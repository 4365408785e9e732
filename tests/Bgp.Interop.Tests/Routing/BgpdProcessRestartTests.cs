using System.Globalization;
using System.Net;
using Bgp.Protocol;
using Bgp.Speaker.Hosting;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// The calico-node restart, with bgpd as a real process and BIRD 2 as the graceful-restart helper:
/// <c>gracefulRestart.onStop: "restart"</c> makes SIGTERM close the session without a
/// NOTIFICATION and leave the restart marker, so BIRD keeps our routes (pod traffic keeps
/// flowing); the next start reads the marker and is a restart without any flag (R and F bits,
/// RFC 4724 §4.1), and BIRD takes the new table at our End-of-RIB. With <c>onStop: "cease"</c>
/// SIGTERM sends Cease and BIRD drops our routes at once (the node is going away).
/// </summary>
[Trait("Category", "Interop")]
public sealed class BgpdProcessRestartTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private const string Kept = "10.93.0.0/24";
    private const string Dropped = "10.93.1.0/24";
    private readonly string _directory = Directory.CreateTempSubdirectory("bgpd-restart-").FullName;

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task SigtermWithOnStopRestart_BirdKeepsOurRoutes_NextStartIsARestart_ThenCeaseWithdraws()
    {
        var topology = new SessionTopology();
        using var bird = await BirdDaemon.StartAsync(
            topology.Daemon(SpeakerRouteTests.ExternalAs, SpeakerRouteTests.OurAs) with { Passive = true, GracefulRestart = true });
        var stateDirectory = Path.Combine(_directory, "state");
        Directory.CreateDirectory(stateDirectory);
        var config = Path.Combine(_directory, "bgpd.json");

        await File.WriteAllTextAsync(config, Config(topology, stateDirectory, "restart", Kept, Dropped));
        using (var first = StartBgpd(config))
        {
            await WaitForAsync(first, bird, () => HasRoutesAsync(bird, Kept, Dropped), "BIRD to hold both routes");
            Assert.StartsWith("running", await File.ReadAllTextAsync(Path.Combine(stateDirectory, RestartMarker.FileName)), StringComparison.Ordinal);
            Assert.Equal(0, await first.TerminateAsync(StopTimeout));
            output.WriteLine(first.Output);
        }

        // No Cease: BIRD, the helper (RFC 4724 §4.2), keeps our routes while we are gone.
        Assert.StartsWith("restarting", await File.ReadAllTextAsync(Path.Combine(stateDirectory, RestartMarker.FileName)), StringComparison.Ordinal);
        await ExternalCommand.WaitUntilAsync(async () => (await ProtocolAsync(bird)).Contains("Neighbor graceful restart active", StringComparison.Ordinal),
            EstablishTimeout, "BIRD to hold our routes for our restart", () => ProtocolAsync(bird));
        Assert.True(await HasRoutesAsync(bird, Kept, Dropped), "BIRD dropped our routes although we stopped for a restart");

        // The next start, without --graceful-restart, is a restart because of the marker; one route is gone from the config.
        await File.WriteAllTextAsync(config, Config(topology, stateDirectory, "cease", Kept));
        using var second = StartBgpd(config);
        await WaitForAsync(second, bird, () => bird.IsEstablishedAsync(), "the session to come back");
        var protocol = await ProtocolAsync(bird);
        var neighborCapabilities = protocol[protocol.IndexOf("Neighbor capabilities", StringComparison.Ordinal)..];
        Assert.Contains("Restart recovery", neighborCapabilities, StringComparison.Ordinal);
        await RouteExpectations.WaitForRouteGoneAsync(bird, Dropped);
        Assert.True(await HasRoutesAsync(bird, Kept), "the kept route is missing after our End-of-RIB");
        Assert.Contains("stopped for a graceful restart", second.Output, StringComparison.Ordinal);

        // onStop "cease": SIGTERM is the node going away; BIRD withdraws our routes at once.
        Assert.Equal(0, await second.TerminateAsync(StopTimeout));
        output.WriteLine(second.Output);
        await RouteExpectations.WaitForRouteGoneAsync(bird, Kept);
        Assert.DoesNotContain("Neighbor graceful restart active", await ProtocolAsync(bird), StringComparison.Ordinal);
        Assert.StartsWith("stopped", await File.ReadAllTextAsync(Path.Combine(stateDirectory, RestartMarker.FileName)), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static DaemonProcess StartBgpd(string config) =>
        DaemonProcess.Start("dotnet", Path.Combine(AppContext.BaseDirectory, "bgpd.dll"), "run", "--config", config);

    private async Task WaitForAsync(DaemonProcess bgpd, BirdDaemon bird, Func<Task<bool>> condition, string what)
    {
        try
        {
            await ExternalCommand.WaitUntilAsync(condition, EstablishTimeout, what, () => ProtocolAsync(bird));
        }
        finally
        {
            if (bgpd.HasExited)
            {
                output.WriteLine("bgpd exited early:\n" + bgpd.Output);
            }
        }
    }

    private static async Task<bool> HasRoutesAsync(BirdDaemon bird, params string[] prefixes)
    {
        var held = (await bird.GetReceivedRoutesAsync(AddressFamily.Ipv4Unicast)).Select(r => r.Prefix).ToHashSet(StringComparer.Ordinal);
        return prefixes.All(held.Contains);
    }

    private static Task<string> ProtocolAsync(BirdDaemon bird) => bird.BirdcAsync("show", "protocols", "all", bird.Peering.Name);

    private static string Config(SessionTopology topology, string stateDirectory, string onStop, params string[] routes)
    {
        static string Quote(object value) => "\"" + Convert.ToString(value, CultureInfo.InvariantCulture) + "\"";
        var originate = string.Join(", ", routes.Select(r => $"{{ \"prefix\": {Quote(r)} }}"));
        return $$"""
            {
              "localAs": {{SpeakerRouteTests.OurAs}},
              "routerId": {{Quote(topology.SpeakerAddress)}},
              "listen": { "address": {{Quote(topology.SpeakerAddress)}}, "port": {{topology.SpeakerPort}} },
              "gracefulRestart": { "stateDirectory": {{Quote(stateDirectory)}}, "onStop": {{Quote(onStop)}}, "selectionDeferralTime": 30 },
              "originate": [ {{originate}} ],
              "peers": [
                {
                  "name": {{Quote(SessionTopology.PeerName)}},
                  "address": {{Quote(topology.DaemonAddress)}},
                  "port": {{topology.DaemonPort}},
                  "remoteAs": {{SpeakerRouteTests.ExternalAs}},
                  "mode": "active",
                  "sourceAddress": {{Quote(topology.SpeakerAddress)}},
                  "holdTime": 9,
                  "connectRetryTime": 1,
                  "connectRetryJitter": 0,
                  "gracefulRestart": { "restartTime": 120 }
                }
              ]
            }
            """;
    }
}
