using System.Net;
using Bgp.Protocol;
using Bgp.RouteReflector;
using Bgp.Speaker.Configuration;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// The topology of a large Calico cluster: two of our reflectors in one cluster (same cluster ID,
/// iBGP non-clients of each other), and BIRD 2 nodes peering with both. Each node gets the other
/// node's route from both reflectors, reflected once (CLUSTER_LIST holds the cluster once,
/// ORIGINATOR_ID names the node); a reflector drops the copy its twin reflects to it (RFC 4456 §8:
/// our cluster ID is already in CLUSTER_LIST), so it holds each route once, from the node. A
/// withdrawal reaches the other node through both; when one reflector goes away the nodes keep
/// each other's routes through the other.
/// </summary>
[Trait("Category", "Interop")]
public sealed class RedundantReflectorTests(ITestOutputHelper output)
{
    private const uint As = 64512;
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);
    private static readonly ClusterId Cluster = ClusterId.Parse("10.255.0.9");
    private static readonly string[] ReflectorNames = ["rr1", "rr2"];
    private static readonly string[] NodeNames = ["node1", "node2"];

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task TwoReflectorsOneCluster_BirdNodesPeerWithBoth_RoutesReflectedOnceHeldOnce_AndSurviveOneReflector()
    {
        var addresses = new LoopbackAddresses();
        var reflectors = ReflectorNames.Select(name => (Name: name, Address: addresses.Next())).Select(r => (r.Name, r.Address, Port: LoopbackAddresses.FreePort(r.Address))).ToArray();
        var nodes = NodeNames.Select((name, i) =>
        {
            var address = addresses.Next();
            return (Name: name, Address: address, Port: LoopbackAddresses.FreePort(address),
                Route: RouteExpectations.Ipv4($"10.7{i + 1}.0.0/26", address.ToString()) with { Prepend = [] });
        }).ToArray();

        var birds = new List<BirdDaemon>();
        var speakers = new List<SpeakerUnderTest>();
        try
        {
            foreach (var node in nodes)
            {
                // One BGP protocol per reflector, named after it; the node originates its block.
                var sessions = reflectors.Select(rr => new DaemonPeering
                {
                    Name = rr.Name,
                    LocalAddress = node.Address,
                    LocalPort = node.Port,
                    LocalAs = As,
                    PeerAddress = rr.Address,
                    PeerPort = rr.Port,
                    PeerAs = As,
                    Passive = true,
                    Routes = [node.Route],
                }).ToArray();
                birds.Add(await BirdDaemon.StartAsync(sessions[0], sessions[1..]));
            }

            for (var r = 0; r < reflectors.Length; r++)
            {
                var twin = reflectors[1 - r];
                var peers = nodes.Select(n => Peer(n.Name, n.Address, n.Port, reflectors[r].Address, ConnectionMode.Active) with { RouteReflectorClient = true })
                    .Append(Peer(twin.Name, twin.Address, twin.Port, reflectors[r].Address, r == 0 ? ConnectionMode.Active : ConnectionMode.Passive));
                speakers.Add(await SpeakerUnderTest.StartAsync(new SpeakerOptions
                {
                    LocalAs = As,
                    RouterId = reflectors[r].Address,
                    Listen = new ListenOptions { Address = reflectors[r].Address, Port = reflectors[r].Port },
                    RouteReflector = new RouteReflectorOptions { ClusterId = Cluster },
                    Peers = [.. peers],
                }, output));
            }

            foreach (var (speaker, r) in speakers.Select((s, r) => (s, r)))
            {
                foreach (var node in nodes)
                {
                    await speaker.WaitEstablishedAsync(node.Name, EstablishTimeout);
                }

                await speaker.WaitEstablishedAsync(reflectors[1 - r].Name, EstablishTimeout);
            }

            // Each node holds the other's route once per reflector, each reflected exactly once.
            for (var i = 0; i < nodes.Length; i++)
            {
                var other = nodes[1 - i];
                foreach (var rr in reflectors)
                {
                    var route = Assert.Single(await WaitForRouteAsync(birds[i], rr.Name, other.Route.Prefix));
                    var context = $"{nodes[i].Name} holding {other.Name}'s route from {rr.Name}: {route}";
                    output.WriteLine(context);
                    Assert.True(route.OriginatorId == other.Address.ToString(), context);
                    Assert.True(route.ClusterList.SequenceEqual([Cluster.ToString()]), context);
                    Assert.True(route.NextHop == other.Route.NextHop!.ToString(), context);
                }
            }

            // Each reflector holds each node's route once, learned from the node: its twin's reflected copy is a loop.
            foreach (var speaker in speakers)
            {
                foreach (var node in nodes)
                {
                    var held = Assert.Single(await SpeakerRib.RoutesAsync(speaker, node.Route.Prefix));
                    Assert.Equal(node.Name, held.Source);
                }

                // The twin's copies did arrive, and were dropped as loops: one per node route.
                await ExternalCommand.WaitUntilAsync(() => Task.FromResult(speaker.Speaker.Routing.ReflectionLoopsDropped >= nodes.Length),
                    RouteExpectations.RouteTimeout, "the twin's reflected copies to be dropped as RFC 4456 loops",
                    () => Task.FromResult($"dropped {speaker.Speaker.Routing.ReflectionLoopsDropped}"));
            }

            // A withdrawal reaches the other node through both reflectors.
            await birds[0].WithdrawAsync(nodes[0].Route);
            foreach (var rr in reflectors)
            {
                await WaitForRouteGoneAsync(birds[1], rr.Name, nodes[0].Route.Prefix);
            }

            await birds[0].AnnounceAsync(nodes[0].Route);
            await WaitForRouteAsync(birds[1], reflectors[1].Name, nodes[0].Route.Prefix);

            // One reflector goes away: the nodes keep each other's routes through the other.
            await speakers[0].DisposeAsync();
            speakers.RemoveAt(0);
            await WaitForRouteGoneAsync(birds[1], reflectors[0].Name, nodes[0].Route.Prefix);
            Assert.Single(await WaitForRouteAsync(birds[1], reflectors[1].Name, nodes[0].Route.Prefix));
            Assert.Single(await WaitForRouteAsync(birds[0], reflectors[1].Name, nodes[1].Route.Prefix));
        }
        finally
        {
            foreach (var speaker in speakers)
            {
                await speaker.DisposeAsync();
            }

            foreach (var bird in birds)
            {
                bird.Dispose();
            }
        }
    }

    private static PeerOptions Peer(string name, IPAddress address, int port, IPAddress source, ConnectionMode mode) => new()
    {
        Name = name,
        Address = address,
        Port = port,
        RemoteAs = As,
        Mode = mode,
        SourceAddress = source,
        HoldTime = SessionTopology.HoldTime,
        ConnectRetryTime = SessionTopology.ConnectRetry,
        ConnectRetryJitter = 0,
    };

    private static async Task<IReadOnlyList<DaemonRibRoute>> WaitForRouteAsync(BirdDaemon bird, string protocol, string prefix)
    {
        IReadOnlyList<DaemonRibRoute> found = [];
        await ExternalCommand.WaitUntilAsync(async () =>
            {
                found = [.. (await bird.GetReceivedRoutesAsync(protocol, AddressFamily.Ipv4Unicast)).Where(r => r.Prefix == prefix)];
                return found.Count > 0;
            }, RouteExpectations.RouteTimeout, $"BIRD protocol {protocol} to hold {prefix}",
            () => bird.BirdcAsync("show", "route", "all", "protocol", protocol));
        return found;
    }

    private static Task WaitForRouteGoneAsync(BirdDaemon bird, string protocol, string prefix) =>
        ExternalCommand.WaitUntilAsync(async () => !(await bird.GetReceivedRoutesAsync(protocol, AddressFamily.Ipv4Unicast)).Any(r => r.Prefix == prefix),
            RouteExpectations.RouteTimeout, $"BIRD protocol {protocol} to drop {prefix}",
            () => bird.BirdcAsync("show", "route", "all", "protocol", protocol));
}
