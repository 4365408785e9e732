using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.RouteReflector;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>RFC 4456 route reflection through the engine: who gets a reflected route, and how it is marked.</summary>
public sealed class ReflectionTests
{
    private static readonly NlriEntry Prefix1 = new(IpPrefix.Parse("10.1.0.0/24"));
    private static readonly NlriEntry Prefix2 = new(IpPrefix.Parse("10.2.0.0/24"));
    private static readonly ClusterId Cluster = ClusterId.Parse("10.0.0.100");

    /// <summary>A reflector (cluster 10.0.0.100) with clients c1..c3, iBGP non-clients n1, n2 and eBGP e1.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        public Lab(bool clientToClient = true, ClusterId? clusterId = null, Func<PeerOptions, PeerOptions>? tweak = null)
        {
            tweak ??= p => p;
            PeerOptions Client(string name, string address) => tweak(Peer(name, LocalAs, address) with { RouteReflectorClient = true });
            var options = Options(
                Client("c1", "10.0.0.11"), Client("c2", "10.0.0.12"), Client("c3", "10.0.0.13"),
                tweak(Peer("n1", LocalAs, "10.0.0.21")), tweak(Peer("n2", LocalAs, "10.0.0.22")), tweak(Peer("e1", 65001, "10.0.0.31"))) with
            {
                RouteReflector = new RouteReflectorOptions { ClusterId = clusterId ?? Cluster, ClientToClientReflection = clientToClient },
            };
            Engine = RoutingTestKit.Engine(options);
            C1 = Up("c1", LocalAs, "10.0.0.11");
            C2 = Up("c2", LocalAs, "10.0.0.12");
            C3 = Up("c3", LocalAs, "10.0.0.13");
            N1 = Up("n1", LocalAs, "10.0.0.21");
            N2 = Up("n2", LocalAs, "10.0.0.22");
            E1 = Up("e1", 65001, "10.0.0.31");
        }

        public RoutingEngine Engine { get; }

        public FakePeer C1 { get; }

        public FakePeer C2 { get; }

        public FakePeer C3 { get; }

        public FakePeer N1 { get; }

        public FakePeer N2 { get; }

        public FakePeer E1 { get; }

        public ValueTask DisposeAsync() => Engine.DisposeAsync();

        private FakePeer Up(string name, uint asn, string routerId)
        {
            var peer = new FakePeer(Engine, name, Negotiated(asn, routerId));
            peer.Up();
            return peer;
        }
    }

    private static PathAttributes Ibgp(string nextHop, uint localPref = 100, uint? med = null, uint? originatorId = null, uint[]? clusterList = null) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.Empty,
        NextHop = Ipv4(nextHop),
        LocalPref = localPref,
        MultiExitDisc = med,
        Communities = [0xFDE80064],
        OriginatorId = originatorId,
        ClusterList = clusterList ?? [],
    };

    [Fact]
    public async Task ClientRoute_IsReflectedToOtherClientsAndNonClients_WithOriginatorIdAndClusterList_NothingElseChanged()
    {
        // next-hop-self on every peer: a reflected route keeps its next hop anyway (RFC 4456 §10).
        await using var lab = new Lab(tweak: p => p with { NextHopSelf = true });
        lab.C1.Send(Announce(Ibgp("10.0.0.11", localPref: 200, med: 5), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        foreach (var peer in new[] { lab.C2, lab.C3, lab.N1, lab.N2 })
        {
            var sent = peer.Table()[Prefix1];
            Assert.Equal(Ipv4("10.0.0.11"), sent.OriginatorId);
            Assert.Equal([Cluster.Value], sent.ClusterList);
            Assert.Equal(Ipv4("10.0.0.11"), sent.NextHop);
            Assert.Equal(200u, sent.LocalPref);
            Assert.Equal(5u, sent.MultiExitDisc);
            Assert.Empty(sent.AsPath!.Segments);
            Assert.Equal([0xFDE80064u], sent.Communities);
        }

        // Never back to the sender; to eBGP as an ordinary route, without the RFC 4456 attributes.
        Assert.DoesNotContain(Prefix1, lab.C1.Table().Keys);
        var external = lab.E1.Table()[Prefix1];
        Assert.Null(external.OriginatorId);
        Assert.Empty(external.ClusterList);
        Assert.Equal([LocalAs], external.AsPath!.Segments.Single().Asns);
    }

    [Fact]
    public async Task NonClientRoute_IsReflectedToClientsOnly_KeepingAnExistingOriginatorId()
    {
        // n1 is an upper reflector (hierarchy): its route already carries ORIGINATOR_ID and its cluster.
        await using var lab = new Lab();
        var upperCluster = ClusterId.Parse("10.0.0.200").Value;
        lab.N1.Send(Announce(Ibgp("10.0.0.77", originatorId: Ipv4("10.0.0.77"), clusterList: [upperCluster]), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        foreach (var client in new[] { lab.C1, lab.C2, lab.C3 })
        {
            var sent = client.Table()[Prefix1];
            Assert.Equal(Ipv4("10.0.0.77"), sent.OriginatorId);
            Assert.Equal([Cluster.Value, upperCluster], sent.ClusterList);
            Assert.Equal(Ipv4("10.0.0.77"), sent.NextHop);
        }

        Assert.Empty(lab.N2.Table());
        Assert.Empty(lab.N1.Table());
        Assert.Null(lab.E1.Table()[Prefix1].OriginatorId);
    }

    [Fact]
    public async Task ClientToClientReflectionOff_ClientRoutesGoToNonClientsOnly()
    {
        await using var lab = new Lab(clientToClient: false);
        lab.C1.Send(Announce(Ibgp("10.0.0.11"), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        Assert.Empty(lab.C2.Table());
        Assert.Empty(lab.C3.Table());
        Assert.Equal([Cluster.Value], lab.N1.Table()[Prefix1].ClusterList);
        Assert.Contains(Prefix1, lab.E1.Table().Keys);
    }

    [Fact]
    public async Task ExternalRoute_GoesToEveryIbgpPeer_Unmarked()
    {
        await using var lab = new Lab();
        lab.E1.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.31"), 65001), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        foreach (var peer in new[] { lab.C1, lab.C2, lab.C3, lab.N1, lab.N2 })
        {
            var sent = peer.Table()[Prefix1];
            Assert.Null(sent.OriginatorId);
            Assert.Empty(sent.ClusterList);
        }
    }

    [Fact]
    public async Task OurClusterIdInClusterList_IsDropped_AndWithdrawsTheEarlierRoute()
    {
        await using var lab = new Lab();
        lab.C1.Send(Announce(Ibgp("10.0.0.11"), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();
        Assert.Contains(Prefix1, lab.C2.Table().Keys);

        lab.C1.Send(Announce(Ibgp("10.0.0.11", originatorId: Ipv4("10.0.0.11"), clusterList: [ClusterId.Parse("10.0.0.5").Value, Cluster.Value]), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        Assert.Empty(await lab.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast));
        Assert.Empty(lab.C2.Table());
        Assert.Empty(lab.N1.Table());
        Assert.Empty(lab.E1.Table());
        Assert.Equal(1, lab.Engine.ReflectionLoopsDropped);
    }

    [Fact]
    public async Task OurRouterIdAsOriginatorId_IsDropped()
    {
        await using var lab = new Lab();
        lab.N1.Send(Announce(Ibgp("10.0.0.21", originatorId: Ipv4(RouterId.ToString())), "10.1.0.0/24", "10.2.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        Assert.Empty(await lab.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast));
        Assert.Empty(lab.C1.Table());
        Assert.Equal(2, lab.Engine.ReflectionLoopsDropped);
    }

    [Fact]
    public async Task DefaultClusterId_IsTheRouterId()
    {
        await using var engine = Engine(Options(Peer("c1", LocalAs, "10.0.0.11") with { RouteReflectorClient = true },
            Peer("c2", LocalAs, "10.0.0.12") with { RouteReflectorClient = true }) with { RouteReflector = new RouteReflectorOptions() });
        var c1 = new FakePeer(engine, "c1", Negotiated(LocalAs, "10.0.0.11"));
        var c2 = new FakePeer(engine, "c2", Negotiated(LocalAs, "10.0.0.12"));
        c1.Up();
        c2.Up();
        c1.Send(Announce(Ibgp("10.0.0.11"), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Equal([Ipv4(RouterId.ToString())], c2.Table()[Prefix1].ClusterList);
    }

    [Fact]
    public async Task IdenticalAttributesFromTwoClients_CarryEachOriginatorsId()
    {
        // One interned attribute set from two senders: ORIGINATOR_ID must still name each sender.
        await using var lab = new Lab();
        lab.C1.Send(Announce(Ibgp("10.9.9.9"), "10.1.0.0/24"));
        lab.C2.Send(Announce(Ibgp("10.9.9.9"), "10.2.0.0/24"));
        await lab.Engine.WhenProcessedAsync();

        var table = lab.N1.Table();
        Assert.Equal(Ipv4("10.0.0.11"), table[Prefix1].OriginatorId);
        Assert.Equal(Ipv4("10.0.0.12"), table[Prefix2].OriginatorId);
    }

    [Fact]
    public async Task ClientSessionDown_WithdrawsItsRoutesFromEveryone()
    {
        await using var lab = new Lab();
        lab.C1.Send(Announce(Ibgp("10.0.0.11"), "10.1.0.0/24"));
        await lab.Engine.WhenProcessedAsync();
        Assert.Contains(Prefix1, lab.C2.Table().Keys);

        lab.C1.Down();
        await lab.Engine.WhenProcessedAsync();

        Assert.Empty(lab.C2.Table());
        Assert.Empty(lab.N1.Table());
        Assert.Empty(lab.E1.Table());
    }

    [Fact]
    public async Task WithoutReflector_IbgpSplitHorizonStillHolds_EvenForPeersMarkedClient()
    {
        // Built in code (the config loader refuses this): the flag alone does not make a reflector.
        await using var engine = Engine(Options(Peer("c1", LocalAs, "10.0.0.11") with { RouteReflectorClient = true },
            Peer("c2", LocalAs, "10.0.0.12") with { RouteReflectorClient = true }));
        var c1 = new FakePeer(engine, "c1", Negotiated(LocalAs, "10.0.0.11"));
        var c2 = new FakePeer(engine, "c2", Negotiated(LocalAs, "10.0.0.12"));
        c1.Up();
        c2.Up();
        c1.Send(Announce(Ibgp("10.0.0.11"), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Empty(c2.Table());
        var held = Assert.Single(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast));
        Assert.Null(held.Attributes.OriginatorId);
    }

    [Fact]
    public async Task TwoReflectorsInOneCluster_SharedClients_NoLoops_EachRouteHeldOncePerPath()
    {
        // rr1 and rr2 share cluster 10.0.0.100 and the clients c1, c2; they peer with each other as non-clients.
        SpeakerOptions ReflectorOptions(string routerId) => new SpeakerOptions
        {
            LocalAs = LocalAs,
            RouterId = System.Net.IPAddress.Parse(routerId),
            Peers =
            [
                Peer("c1", LocalAs, "10.0.0.11") with { RouteReflectorClient = true },
                Peer("c2", LocalAs, "10.0.0.12") with { RouteReflectorClient = true },
                Peer("rr", LocalAs, routerId == "10.0.0.1" ? "10.0.0.2" : "10.0.0.1"),
            ],
            RouteReflector = new RouteReflectorOptions { ClusterId = Cluster },
        };

        await using var rr1 = Engine(ReflectorOptions("10.0.0.1"));
        await using var rr2 = Engine(ReflectorOptions("10.0.0.2"));
        var c1At1 = new FakePeer(rr1, "c1", Negotiated(LocalAs, "10.0.0.11"));
        var c2At1 = new FakePeer(rr1, "c2", Negotiated(LocalAs, "10.0.0.12"));
        var rr2At1 = new FakePeer(rr1, "rr", Negotiated(LocalAs, "10.0.0.2"));
        var c1At2 = new FakePeer(rr2, "c1", Negotiated(LocalAs, "10.0.0.11"));
        var c2At2 = new FakePeer(rr2, "c2", Negotiated(LocalAs, "10.0.0.12"));
        var rr1At2 = new FakePeer(rr2, "rr", Negotiated(LocalAs, "10.0.0.1"));
        foreach (var peer in new[] { c1At1, c2At1, rr2At1, c1At2, c2At2, rr1At2 })
        {
            peer.Up();
        }

        // c1 announces to both reflectors.
        var update = Announce(Ibgp("10.0.0.11"), "10.1.0.0/24");
        c1At1.Send(update);
        c1At2.Send(update);

        // Wire rr1 <-> rr2: what each queues for the other is delivered until nothing new flows (bounded).
        var forwarded = new[] { 0, 0 };
        for (var round = 0; round < 20; round++)
        {
            await rr1.WhenProcessedAsync();
            await rr2.WhenProcessedAsync();
            var moved = Forward(rr2At1, rr1At2, ref forwarded[0]) + Forward(rr1At2, rr2At1, ref forwarded[1]);
            if (moved == 0)
            {
                break;
            }
        }

        await rr1.WhenProcessedAsync();
        await rr2.WhenProcessedAsync();

        // Each reflector holds c1's path once (from c1); the copy reflected by the other is a loop.
        foreach (var rr in new[] { rr1, rr2 })
        {
            var held = Assert.Single(await rr.GetRoutesAsync(AddressFamily.Ipv4Unicast));
            Assert.Equal("c1", held.Source);
            Assert.Equal(1, rr.ReflectionLoopsDropped);
        }

        // c2 gets it once from each reflector, marked by the cluster; c1 gets nothing back.
        foreach (var c2 in new[] { c2At1, c2At2 })
        {
            var sent = Assert.Single(c2.Table());
            Assert.Equal(Ipv4("10.0.0.11"), sent.Value.OriginatorId);
            Assert.Equal([Cluster.Value], sent.Value.ClusterList);
        }

        Assert.Empty(c1At1.Table());
        Assert.Empty(c1At2.Table());
        // rr1 sent rr2 the route once (the one rr2 dropped as a loop).
        var toRr2 = rr2At1.Received().OfType<UpdateMessage>().ToList();
        Assert.Single(toRr2, u => !u.IsEndOfRib(out _));
        Assert.Single(toRr2.First(u => !u.IsEndOfRib(out _)).Nlri);
    }

    /// <summary>Delivers the UPDATEs <paramref name="from"/>'s engine queued after <paramref name="seen"/> into the other engine as <paramref name="to"/>.</summary>
    private static int Forward(FakePeer from, FakePeer to, ref int seen)
    {
        var messages = from.Received();
        var moved = 0;
        for (; seen < messages.Count; seen++)
        {
            if (messages[seen] is UpdateMessage update && !update.IsEndOfRib(out _))
            {
                to.Send(update);
                moved++;
            }
        }

        return moved;
    }
}
