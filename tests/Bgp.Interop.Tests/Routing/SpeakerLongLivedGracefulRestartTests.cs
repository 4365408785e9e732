using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Our long-lived graceful restart helper (RFC 9494) with GoBGP 3 as the peer that restarts: its
/// routes stay through its Restart Time, then long-lived stale (least preferred, not sent to a peer
/// without LLGR), and are fresh again after it comes back and sends End-of-RIB.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SpeakerLongLivedGracefulRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);
    private const int GoBgpRestartSeconds = 2;
    private const int GoBgpStaleSeconds = 300;
    private const uint ObserverAs = 65030;

    [InteropFact(ReferenceDaemonKind.GoBgp, ReferenceDaemonKind.Bird)]
    public async Task GoBgpKilled_ItsRoutesTurnLongLivedStale_WithdrawnFromANonLlgrPeer_ThenFreshAfterItReturns()
    {
        var topology = new SessionTopology();
        var route = RouteExpectations.Ipv4("10.94.0.0/24");
        var peering = topology.Daemon(SpeakerRouteTests.ExternalAs, SpeakerRouteTests.OurAs) with
        {
            Passive = true, GracefulRestart = true, GracefulRestartTime = GoBgpRestartSeconds, LongLivedStaleTime = GoBgpStaleSeconds,
            Routes = [route],
        };

        // BIRD observes what we export; it has no LLGR (RFC 9494 §4.3: long-lived stale routes are not sent to it).
        var observerAddress = new LoopbackAddresses().Next();
        var observerPort = LoopbackAddresses.FreePort(observerAddress);
        using var observer = await BirdDaemon.StartAsync(new DaemonPeering
        {
            Name = "speaker", LocalAddress = observerAddress, LocalPort = observerPort, LocalAs = ObserverAs,
            PeerAddress = topology.SpeakerAddress, PeerPort = topology.SpeakerPort, PeerAs = SpeakerRouteTests.OurAs, Passive = true,
        });
        var observerPeer = new PeerOptions
        {
            Name = "observer", Address = observerAddress, Port = observerPort, RemoteAs = ObserverAs, Mode = ConnectionMode.Active,
            SourceAddress = topology.SpeakerAddress, HoldTime = SessionTopology.HoldTime, ConnectRetryTime = SessionTopology.ConnectRetry,
            ConnectRetryJitter = 0,
        };

        var first = await GoBgpDaemon.StartAsync(peering);
        GoBgpDaemon? second = null;
        try
        {
            await using var speaker = await SpeakerUnderTest.StartAsync(topology.Speaker(SpeakerRouteTests.OurAs,
                topology.Peer(SpeakerRouteTests.ExternalAs, ConnectionMode.Active) with { LongLivedStaleTime = TimeSpan.FromHours(1) },
                observerPeer), output);
            await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
            await SpeakerRib.WaitAsync(speaker, route.Prefix, r => !r.IsStale);
            await RouteExpectations.WaitForRouteAsync(observer, route.Prefix);

            await first.Process.KillAsync();
            await SpeakerRib.WaitAsync(speaker, route.Prefix, r => r.IsLlgrStale);

            // Kept, least preferred, and withdrawn from the observer, which did not negotiate LLGR.
            var stale = Assert.Single(await SpeakerRib.RoutesAsync(speaker, route.Prefix));
            Assert.True(stale.IsStale);
            await RouteExpectations.WaitForRouteGoneAsync(observer, route.Prefix);

            second = await GoBgpDaemon.StartAsync(peering);
            await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
            await SpeakerRib.WaitAsync(speaker, route.Prefix, r => !r.IsStale && !r.IsLlgrStale);
            var fresh = Assert.Single(await SpeakerRib.RoutesAsync(speaker, route.Prefix));
            Assert.DoesNotContain((uint)WellKnownCommunity.LlgrStale, fresh.Attributes.Communities);
            await RouteExpectations.WaitForRouteAsync(observer, route.Prefix);
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }
}
