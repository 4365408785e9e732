using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Speaker.Configuration;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Graceful restart (RFC 4724) with a BIRD that crashes and comes back in recovery mode, and
/// ADD-PATH (RFC 7911) send towards a BIRD with <c>add paths on</c>.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SpeakerRestartAndAddPathTests(ITestOutputHelper output)
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);

    /// <summary>
    /// BIRD is killed (SIGKILL: no NOTIFICATION, RFC 4724 §4.2): while it is down our RIB keeps its
    /// routes marked stale. It restarts with <c>bird -R</c> announcing one of the two routes: after its
    /// End-of-RIB the kept route is fresh again and the one it no longer announces is gone.
    /// </summary>
    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task Bird_KilledAndRestartedWithGracefulRestart_RoutesStaleWhileDown_ThenRefreshedOrGone()
    {
        var topology = new SessionTopology();
        var kept = RouteExpectations.Ipv4("10.81.0.0/24");
        var dropped = RouteExpectations.Ipv4("10.81.1.0/24");
        var peering = topology.Daemon(SpeakerRouteTests.ExternalAs, SpeakerRouteTests.OurAs) with
        {
            Passive = true, GracefulRestart = true, Routes = [kept, dropped],
        };
        var first = await BirdDaemon.StartAsync(peering);
        BirdDaemon? second = null;
        try
        {
            await using var speaker = await SpeakerUnderTest.StartAsync(
                topology.Speaker(SpeakerRouteTests.OurAs, topology.Peer(SpeakerRouteTests.ExternalAs, ConnectionMode.Active)), output);
            await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
            await SpeakerRib.WaitAsync(speaker, kept.Prefix, r => !r.IsStale);
            await SpeakerRib.WaitAsync(speaker, dropped.Prefix, r => !r.IsStale);

            await first.Process.KillAsync();
            await SpeakerRib.WaitAsync(speaker, kept.Prefix, r => r.IsStale);
            await SpeakerRib.WaitAsync(speaker, dropped.Prefix, r => r.IsStale);
            Assert.NotEqual(Bgp.Speaker.Fsm.SessionState.Established, speaker.Status(SessionTopology.PeerName).State);

            second = await BirdDaemon.StartRecoveringAsync(peering with { Routes = [kept] });
            await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
            await SpeakerRib.WaitAsync(speaker, kept.Prefix, r => !r.IsStale);
            await SpeakerRib.WaitGoneAsync(speaker, dropped.Prefix);
            Assert.All(await SpeakerRib.RoutesAsync(speaker, kept.Prefix), r => Assert.False(r.IsStale));
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }
    }

    /// <summary>
    /// Two BIRDs (AS 65011, 65012) announce the same prefix to us; a third BIRD with
    /// <c>add paths on</c> must receive both paths from us (ADD-PATH send), not just our best.
    /// </summary>
    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task AddPathSend_TwoPathsForOnePrefix_ReachBirdWithAddPathsOn()
    {
        const string Prefix = "10.82.0.0/24";
        var addresses = new LoopbackAddresses();
        var speakerAddress = addresses.Next();
        var speakerPort = LoopbackAddresses.FreePort(speakerAddress);
        var daemons = new List<BirdDaemon>();
        try
        {
            var peers = new List<PeerOptions>();
            foreach (var (name, asn, addPath) in new[] { ("src1", 65011u, false), ("src2", 65012u, false), ("sink", 65013u, true) })
            {
                var address = addresses.Next();
                var port = LoopbackAddresses.FreePort(address);
                daemons.Add(await BirdDaemon.StartAsync(new DaemonPeering
                {
                    Name = "speaker",
                    LocalAddress = address,
                    LocalPort = port,
                    LocalAs = asn,
                    PeerAddress = speakerAddress,
                    PeerPort = speakerPort,
                    PeerAs = SpeakerRouteTests.OurAs,
                    Passive = true,
                    AddPath = addPath,
                    Routes = addPath ? [] : [RouteExpectations.Ipv4(Prefix)],
                }));
                peers.Add(new PeerOptions
                {
                    Name = name,
                    Address = address,
                    Port = port,
                    RemoteAs = asn,
                    Mode = ConnectionMode.Active,
                    SourceAddress = speakerAddress,
                    HoldTime = SessionTopology.HoldTime,
                    ConnectRetryTime = SessionTopology.ConnectRetry,
                    ConnectRetryJitter = 0,
                    AddPath = addPath ? [new AddPathFamily(AddressFamily.Ipv4Unicast, AddPathDirection.Send)] : [],
                });
            }

            await using var speaker = await SpeakerUnderTest.StartAsync(new SpeakerOptions
            {
                LocalAs = SpeakerRouteTests.OurAs,
                RouterId = speakerAddress,
                Listen = new ListenOptions { Address = speakerAddress, Port = speakerPort },
                Peers = peers,
            }, output);
            await SpeakerRib.WaitAsync(speaker, Prefix, paths: 2);

            var sink = daemons[^1];
            var paths = await RouteExpectations.WaitForRouteAsync(sink, Prefix, paths: 2);
            Assert.Equal(2, paths.Count);
            Assert.Equal(
                new[] { new[] { SpeakerRouteTests.OurAs, 65011u, 65099u }, [SpeakerRouteTests.OurAs, 65012u, 65099u] }.Select(p => string.Join(' ', p)).Order(),
                paths.Select(p => string.Join(' ', p.AsPath)).Order());
        }
        finally
        {
            foreach (var daemon in daemons)
            {
                daemon.Dispose();
            }
        }
    }
}
