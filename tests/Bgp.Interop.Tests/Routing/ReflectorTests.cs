using System.Net;
using Bgp.RouteReflector;
using Bgp.Speaker.Configuration;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Issue 5's interop proof for RFC 4456: our speaker reflects between BIRD 2, FRR and GoBGP
/// clients in one AS. Each client's route reaches the others with ORIGINATOR_ID (the originating
/// client's router ID) and CLUSTER_LIST (our cluster) exactly right and the next hop and
/// LOCAL_PREF unchanged, read back through each daemon's own CLI; a withdrawal, and a client's
/// session reset, take the route away everywhere.
/// </summary>
[Trait("Category", "Interop")]
public sealed class ReflectorTests(ITestOutputHelper output)
{
    private const uint As = 65000;
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);
    private static readonly ClusterId Cluster = ClusterId.Parse("10.255.0.1");
    private static readonly ReferenceDaemonKind[] Kinds = [ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, ReferenceDaemonKind.GoBgp];

    [InteropFact(ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, ReferenceDaemonKind.GoBgp)]
    public async Task ClientsRoutes_ReachTheOtherClients_WithOriginatorIdAndClusterList_AndWithdrawalsPropagate()
    {
        var addresses = new LoopbackAddresses();
        var speakerAddress = addresses.Next();
        var speakerPort = LoopbackAddresses.FreePort(speakerAddress);
        var clients = new List<(ReferenceDaemonKind Kind, IPAddress Address, int Port, DaemonRoute Route)>();
        for (var i = 0; i < Kinds.Length; i++)
        {
            var address = addresses.Next();
            clients.Add((Kinds[i], address, LoopbackAddresses.FreePort(address),
                RouteExpectations.Ipv4($"10.8{i}.0.0/24", $"192.0.2.{20 + i}") with { Prepend = [] }));
        }

        var daemons = new List<IRoutingDaemon>();
        try
        {
            foreach (var client in clients)
            {
                daemons.Add((IRoutingDaemon)await ReferenceDaemons.StartAsync(client.Kind, new DaemonPeering
                {
                    Name = "reflector",
                    LocalAddress = client.Address,
                    LocalPort = client.Port,
                    LocalAs = As,
                    PeerAddress = speakerAddress,
                    PeerPort = speakerPort,
                    PeerAs = As,
                    Passive = true,
                    Routes = [client.Route],
                }));
            }

            var options = new SpeakerOptions
            {
                LocalAs = As,
                RouterId = speakerAddress,
                Listen = new ListenOptions { Address = speakerAddress, Port = speakerPort },
                RouteReflector = new RouteReflectorOptions { ClusterId = Cluster },
                Peers = [.. clients.Select(c => new PeerOptions
                {
                    Name = c.Kind.ToString(),
                    Address = c.Address,
                    Port = c.Port,
                    RemoteAs = As,
                    Mode = ConnectionMode.Active,
                    SourceAddress = speakerAddress,
                    HoldTime = SessionTopology.HoldTime,
                    ConnectRetryTime = SessionTopology.ConnectRetry,
                    ConnectRetryJitter = 0,
                    RouteReflectorClient = true,
                })],
            };
            await using var speaker = await SpeakerUnderTest.StartAsync(options, output);
            foreach (var client in clients)
            {
                await speaker.WaitEstablishedAsync(client.Kind.ToString(), EstablishTimeout);
            }

            // Every client holds every other client's route, marked by the reflection; never its own back.
            for (var i = 0; i < clients.Count; i++)
            {
                for (var j = 0; j < clients.Count; j++)
                {
                    if (i == j)
                    {
                        continue;
                    }

                    var origin = clients[j];
                    var route = Assert.Single(await RouteExpectations.WaitForRouteAsync(daemons[i], origin.Route.Prefix));
                    var context = $"{clients[i].Kind} holding {origin.Kind}'s route: {route}";
                    output.WriteLine(context);
                    Assert.True(route.OriginatorId == origin.Address.ToString(), context);
                    Assert.True(route.ClusterList.SequenceEqual([Cluster.ToString()]), context);
                    Assert.True(route.NextHop == origin.Route.NextHop!.ToString(), context);
                    Assert.True(route.LocalPref == origin.Route.LocalPref, context);
                    Assert.True(route.Med == origin.Route.Med, context);
                    Assert.True(origin.Route.Communities.SequenceEqual(route.Communities), context);
                }

                Assert.DoesNotContain(await daemons[i].GetReceivedRoutesAsync(Bgp.Protocol.AddressFamily.Ipv4Unicast),
                    r => r.Prefix == clients[i].Route.Prefix);
            }

            // Our RIB holds each route once, from its originator.
            foreach (var client in clients)
            {
                var held = Assert.Single(await SpeakerRib.RoutesAsync(speaker, client.Route.Prefix));
                Assert.Equal(client.Kind.ToString(), held.Source);
            }

            // A withdrawal propagates to the other clients.
            await daemons[0].WithdrawAsync(clients[0].Route);
            await RouteExpectations.WaitForRouteGoneAsync(daemons[1], clients[0].Route.Prefix);
            await RouteExpectations.WaitForRouteGoneAsync(daemons[2], clients[0].Route.Prefix);

            // A client's session going away withdraws its routes everywhere.
            daemons[1].Dispose();
            await RouteExpectations.WaitForRouteGoneAsync(daemons[2], clients[1].Route.Prefix);
            Assert.NotEmpty(await daemons[0].GetReceivedRoutesAsync(Bgp.Protocol.AddressFamily.Ipv4Unicast));
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
