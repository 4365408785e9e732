using System.Runtime.InteropServices;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

public sealed class RoutingEngineTests
{
    private static readonly NlriEntry Prefix1 = new(IpPrefix.Parse("10.1.0.0/24"));
    private static readonly NlriEntry Prefix2 = new(IpPrefix.Parse("10.2.0.0/24"));

    [Fact]
    public async Task Ebgp_ToEbgp_PrependsOurAs_NextHopSelf_NoLocalPref_NoMed()
    {
        await using var engine = Engine(Options(Peer("in", 65001, "10.0.0.2"), Peer("out", 65002, "10.0.0.3")));
        var input = new FakePeer(engine, "in", Negotiated(65001, "10.0.0.2"));
        var output = new FakePeer(engine, "out", Negotiated(65002, "10.0.0.3"));
        input.Up();
        output.Up();
        input.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001) is var a ? new PathAttributes
        {
            Origin = a.Origin, AsPath = a.AsPath, NextHop = a.NextHop, LocalPref = 300, MultiExitDisc = 50, Communities = [0xFDE80064],
        } : a, "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        var sent = output.Table()[Prefix1];
        Assert.Equal([65000u, 65001u], sent.AsPath!.Segments.Single().Asns);
        Assert.Equal(Ipv4("192.0.2.1"), sent.NextHop);
        Assert.Null(sent.LocalPref);
        Assert.Null(sent.MultiExitDisc);
        Assert.Equal([0xFDE80064u], sent.Communities);

        // Sender exclusion: the route is not sent back to where it came from.
        Assert.DoesNotContain(Prefix1, input.Table().Keys);
    }

    [Fact]
    public async Task Ebgp_ToIbgp_KeepsNextHop_AddsDefaultLocalPref_KeepsMed()
    {
        await using var engine = Engine(Options(Peer("ebgp", 65001, "10.0.0.2"), Peer("ibgp", LocalAs, "10.0.0.3")));
        var ebgp = new FakePeer(engine, "ebgp", Negotiated(65001, "10.0.0.2"));
        var ibgp = new FakePeer(engine, "ibgp", Negotiated(LocalAs, "10.0.0.3"));
        ebgp.Up();
        ibgp.Up();
        ebgp.Send(Announce(new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), NextHop = Ipv4("10.9.9.9"), MultiExitDisc = 7 }, "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        var sent = ibgp.Table()[Prefix1];
        Assert.Equal([65001u], sent.AsPath!.Segments.Single().Asns);
        Assert.Equal(Ipv4("10.9.9.9"), sent.NextHop);
        Assert.Equal(100u, sent.LocalPref);
        Assert.Equal(7u, sent.MultiExitDisc);
    }

    [Fact]
    public async Task Ibgp_NextHopSelfOption_RewritesNextHop()
    {
        await using var engine = Engine(Options(Peer("ebgp", 65001, "10.0.0.2"), Peer("ibgp", LocalAs, "10.0.0.3") with { NextHopSelf = true }));
        var ebgp = new FakePeer(engine, "ebgp", Negotiated(65001, "10.0.0.2"));
        var ibgp = new FakePeer(engine, "ibgp", Negotiated(LocalAs, "10.0.0.3"));
        ebgp.Up();
        ibgp.Up();
        ebgp.Send(Announce(Ipv4Attributes(Ipv4("10.9.9.9"), 65001), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Equal(Ipv4("192.0.2.1"), ibgp.Table()[Prefix1].NextHop);
    }

    [Fact]
    public async Task Ibgp_SplitHorizon_RoutesFromIbgpAreNotSentToIbgp()
    {
        await using var engine = Engine(Options(Peer("i1", LocalAs, "10.0.0.2"), Peer("i2", LocalAs, "10.0.0.3"), Peer("e", 65003, "10.0.0.4")));
        var i1 = new FakePeer(engine, "i1", Negotiated(LocalAs, "10.0.0.2"));
        var i2 = new FakePeer(engine, "i2", Negotiated(LocalAs, "10.0.0.3"));
        var e = new FakePeer(engine, "e", Negotiated(65003, "10.0.0.4"));
        i1.Up();
        i2.Up();
        e.Up();
        i1.Send(Announce(new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, NextHop = Ipv4("10.0.0.2"), LocalPref = 100 }, "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Empty(i2.Table());
        Assert.Equal([LocalAs], e.Table()[Prefix1].AsPath!.Segments.Single().Asns);
    }

    [Fact]
    public async Task WellKnownCommunities_NoExportStaysInside_NoAdvertiseGoesNowhere()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "10.0.0.2"), Peer("ibgp", LocalAs, "10.0.0.3"), Peer("ebgp", 65003, "10.0.0.4")));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var ibgp = new FakePeer(engine, "ibgp", Negotiated(LocalAs, "10.0.0.3"));
        var ebgp = new FakePeer(engine, "ebgp", Negotiated(65003, "10.0.0.4"));
        src.Up();
        ibgp.Up();
        ebgp.Up();
        var attributes = Ipv4Attributes(Ipv4("10.0.0.2"), 65001);
        src.Send(Announce(new PathAttributes { Origin = attributes.Origin, AsPath = attributes.AsPath, NextHop = attributes.NextHop, Communities = [(uint)WellKnownCommunity.NoExport] }, "10.1.0.0/24"));
        src.Send(Announce(new PathAttributes { Origin = attributes.Origin, AsPath = attributes.AsPath, NextHop = attributes.NextHop, Communities = [(uint)WellKnownCommunity.NoAdvertise] }, "10.2.0.0/24"));
        src.Send(Announce(new PathAttributes { Origin = attributes.Origin, AsPath = attributes.AsPath, NextHop = attributes.NextHop, Communities = [(uint)WellKnownCommunity.NoExportSubconfed] }, "10.3.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Equal(3, (await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Count);
        Assert.Equal([Prefix1, new NlriEntry(IpPrefix.Parse("10.3.0.0/24"))], ibgp.Table().Keys.OrderBy(k => k.Prefix));
        Assert.Empty(ebgp.Table());
    }

    [Theory]
    [InlineData(0, 1, false)]
    [InlineData(1, 1, true)]
    [InlineData(1, 2, false)]
    [InlineData(2, 2, true)]
    public async Task AsLoop_IsWithdrawn_UnlessAllowAsIn(int allowAsIn, int occurrences, bool accepted)
    {
        await using var engine = Engine(Options(Peer("p", 65001, "10.0.0.2") with { AllowAsIn = allowAsIn }));
        var peer = new FakePeer(engine, "p", Negotiated(65001, "10.0.0.2"));
        peer.Up();
        peer.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        var path = new List<uint> { 65001 };
        path.AddRange(Enumerable.Repeat(LocalAs, occurrences));
        path.Add(65009);

        // The looped announcement replaces (implicitly withdraws) the first one.
        peer.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), [.. path]), "10.1.0.0/24"));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);

        Assert.Equal(accepted ? 1 : 0, routes.Count);
    }

    [Fact]
    public async Task ImportAndExportPolicy_AreApplied()
    {
        var options = ConfigLoader.Parse("""
            {
              "localAs": 65000, "routerId": "10.0.0.1",
              "prefixSets": { "only-ten-one": ["10.1.0.0/16{16,24}"] },
              "policies": {
                "in": { "default": "reject", "rules": [ { "match": { "prefixSet": "only-ten-one" }, "actions": { "setLocalPref": 250 }, "then": "accept" } ] },
                "out": { "default": "accept", "rules": [ { "actions": { "addCommunities": "65000:7" }, "then": "accept" } ] }
              },
              "peers": [
                { "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "in" },
                { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000, "exportPolicy": "out" }
              ]
            }
            """, "test.json");
        await using var engine = Engine(options);
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var dst = new FakePeer(engine, "dst", Negotiated(LocalAs, "10.0.0.3"));
        src.Up();
        dst.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24", "10.2.0.0/24"));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);

        var accepted = Assert.Single(routes);
        Assert.Equal(Prefix1.Prefix, accepted.Prefix);
        Assert.Equal(250u, accepted.Attributes.LocalPref);
        var sent = Assert.Single(dst.Table());
        Assert.Equal(250u, sent.Value.LocalPref);
        Assert.Contains(65000u << 16 | 7, sent.Value.Communities);
    }

    [Fact]
    public async Task Ebgp_ExportPolicyNextHop_EqualToTheRoutesOwn_IsSentAsIs()
    {
        // An explicit setNextHop wins over eBGP next-hop-self even when it names the address the
        // route already carries (a third-party next hop, RFC 4271 §5.1.3).
        var options = ConfigLoader.Parse("""
            {
              "localAs": 65000, "routerId": "10.0.0.1",
              "policies": { "keep": { "default": "accept", "rules": [ { "actions": { "setNextHop": "10.9.9.9" }, "then": "accept" } ] } },
              "peers": [
                { "name": "src", "address": "10.0.0.2", "remoteAs": 65001 },
                { "name": "dst", "address": "10.0.0.3", "remoteAs": 65002, "exportPolicy": "keep" }
              ]
            }
            """, "test.json");
        await using var engine = Engine(options);
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var dst = new FakePeer(engine, "dst", Negotiated(65002, "10.0.0.3"));
        src.Up();
        dst.Up();
        src.Send(Announce(new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), NextHop = Ipv4("10.9.9.9") }, "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Equal(Ipv4("10.9.9.9"), dst.Table()[Prefix1].NextHop);
    }

    [Fact]
    public async Task Withdrawal_IsPropagated_AndBatched()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "10.0.0.2"), Peer("dst", 65002, "10.0.0.3")));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var dst = new FakePeer(engine, "dst", Negotiated(65002, "10.0.0.3"));
        src.Up();
        dst.Up();
        var prefixes = Enumerable.Range(0, 500).Select(i => $"10.{i / 256}.{i % 256}.0/24").ToArray();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), prefixes));
        await engine.WhenProcessedAsync();
        Assert.Equal(500, dst.Table().Count);
        var before = dst.Received().Count;

        src.Send(Withdraw(prefixes));
        await engine.WhenProcessedAsync();

        Assert.Empty(dst.Table());
        Assert.Equal(1, dst.Received().Count - before); // 500 withdrawals fit one UPDATE
    }

    [Fact]
    public async Task Ipv6_IsAnnouncedWithOurSessionAddress_AndWithdrawn()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "2001:db8::2"), Peer("dst", 65002, "2001:db8::3")));
        var local = new System.Net.IPEndPoint(System.Net.IPAddress.Parse("2001:db8::1"), 179);
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"), local);
        var dst = new FakePeer(engine, "dst", Negotiated(65002, "10.0.0.3"), local);
        src.Up();
        dst.Up();
        var nextHop = MpNextHop.FromIPAddress(System.Net.IPAddress.Parse("2001:db8::2"));
        src.Send(AnnounceIpv6(Ipv4Attributes(0, 65001), nextHop, "2001:db8:1::/48"));
        await engine.WhenProcessedAsync();

        var route = new NlriEntry(IpPrefix.Parse("2001:db8:1::/48"));
        var sent = dst.Table()[route];
        Assert.Equal(MpNextHop.FromIPAddress(System.Net.IPAddress.Parse("2001:db8::1")), sent.MpReach!.NextHop);
        Assert.Equal([65000u, 65001u], sent.AsPath!.Segments.Single().Asns);

        src.Send(new UpdateMessage { Attributes = new PathAttributes { MpUnreach = new MpUnreachNlri(AddressFamily.Ipv6Unicast, [route]) } });
        await engine.WhenProcessedAsync();
        Assert.Empty(dst.Table());
    }

    [Fact]
    public async Task Originate_IsExportedToPeers_AndRemovable()
    {
        var options = Options(Peer("ebgp", 65001, "10.0.0.2"), Peer("ibgp", LocalAs, "10.0.0.3")) with
        {
            Originate =
            [
                new OriginatedRoute { Prefix = Prefix1.Prefix, MultiExitDisc = 10, LocalPref = 200, Communities = [65000u << 16 | 100], LargeCommunities = [new LargeCommunity(65000, 1, 2)] },
                new OriginatedRoute { Prefix = IpPrefix.Parse("2001:db8:9::/48") },
            ],
        };
        await using var engine = Engine(options);
        var ebgp = new FakePeer(engine, "ebgp", Negotiated(65001, "10.0.0.2"));
        var ibgp = new FakePeer(engine, "ibgp", Negotiated(LocalAs, "10.0.0.3"));
        ebgp.Up();
        ibgp.Up();
        await engine.WhenProcessedAsync();

        var toEbgp = ebgp.Table()[Prefix1];
        Assert.Equal([LocalAs], toEbgp.AsPath!.Segments.Single().Asns);
        Assert.Equal(10u, toEbgp.MultiExitDisc); // ours: sent to eBGP
        Assert.Null(toEbgp.LocalPref);
        Assert.Equal(Ipv4("192.0.2.1"), toEbgp.NextHop);
        Assert.Equal([new LargeCommunity(65000, 1, 2)], toEbgp.LargeCommunities);
        var toIbgp = ibgp.Table()[Prefix1];
        Assert.Empty(toIbgp.AsPath!.Segments);
        Assert.Equal(200u, toIbgp.LocalPref);
        Assert.Equal(Ipv4("192.0.2.1"), toIbgp.NextHop);
        Assert.Equal(2, ebgp.Table().Count);

        Assert.True(await engine.RemoveLocalRouteAsync(Prefix1.Prefix));
        await engine.WhenProcessedAsync();
        Assert.DoesNotContain(Prefix1, ebgp.Table().Keys);
        Assert.DoesNotContain(Prefix1, ibgp.Table().Keys);
    }

    [Fact]
    public async Task InitialTable_EndsWithEndOfRibPerFamily()
    {
        var options = Options(Peer("late", 65001, "10.0.0.2")) with { Originate = [new OriginatedRoute { Prefix = Prefix1.Prefix }] };
        await using var engine = Engine(options);
        await engine.WhenProcessedAsync();
        var late = new FakePeer(engine, "late", Negotiated(65001, "10.0.0.2"));
        late.Up();
        await engine.WhenProcessedAsync();

        var messages = late.Received();
        Assert.Contains(Prefix1, late.Table().Keys);
        Assert.Equal(2, late.EndOfRibCount());
        Assert.True(((UpdateMessage)messages[^1]).IsEndOfRib(out _));
    }

    [Fact]
    public async Task UpdateGroup_EncodesOnce_AndSharesTheBytes()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "10.0.0.2"), Peer("a", 65002, "10.0.0.3"), Peer("b", 65003, "10.0.0.4"), Peer("c", 65004, "10.0.0.5")));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var peers = new[] { new FakePeer(engine, "a", Negotiated(65002, "10.0.0.3")), new FakePeer(engine, "b", Negotiated(65003, "10.0.0.4")), new FakePeer(engine, "c", Negotiated(65004, "10.0.0.5")) };
        src.Up();
        foreach (var peer in peers)
        {
            peer.Up();
        }

        await engine.WhenProcessedAsync();
        var counts = await engine.GetPeerCountsAsync();
        Assert.Single(counts.Where(c => c.Peer != "src").Select(c => c.UpdateGroup).Distinct());
        var encodedBefore = engine.EncodedMessages;
        var before = peers.Select(p => p.Outlet.Messages.Count).ToArray();

        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24", "10.2.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Equal(1, engine.EncodedMessages - encodedBefore);
        var arrays = peers.Select((p, i) => MemoryMarshal.TryGetArray(p.Outlet.Messages[before[i]], out var segment) ? segment.Array : null).ToArray();
        Assert.NotNull(arrays[0]);
        Assert.Same(arrays[0], arrays[1]);
        Assert.Same(arrays[0], arrays[2]);
        Assert.Equal(2, peers[0].Table().Count);
    }

    [Fact]
    public async Task AddPathSend_AdvertisesBothPaths_WithDistinctStableIds()
    {
        await using var engine = Engine(Options(Peer("x", 65001, "10.0.0.2"), Peer("y", 65002, "10.0.0.3"), Peer("rr", LocalAs, "10.0.0.4")));
        var x = new FakePeer(engine, "x", Negotiated(65001, "10.0.0.2"));
        var y = new FakePeer(engine, "y", Negotiated(65002, "10.0.0.3"));
        var rr = new FakePeer(engine, "rr", Negotiated(LocalAs, "10.0.0.4", addPathSend: AddressFamilySet.Ipv4Unicast));
        x.Up();
        y.Up();
        rr.Up();
        x.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        y.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.3"), 65002, 65010), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        var table = rr.Table();
        Assert.Equal(2, table.Count);
        Assert.All(table.Keys, k => Assert.Equal(Prefix1.Prefix, k.Prefix));
        Assert.NotEqual(table.Keys.First().PathId, table.Keys.Last().PathId);
        Assert.Contains(table.Values, a => a.NextHop == Ipv4("10.0.0.2"));
        Assert.Contains(table.Values, a => a.NextHop == Ipv4("10.0.0.3"));

        // Withdrawing one path withdraws only its id.
        y.Send(Withdraw("10.1.0.0/24"));
        await engine.WhenProcessedAsync();
        var remaining = Assert.Single(rr.Table());
        Assert.Equal(Ipv4("10.0.0.2"), remaining.Value.NextHop);
    }

    [Fact]
    public async Task AddPathSendMax_LimitsToTheBestPaths()
    {
        await using var engine = Engine(Options(Peer("x", 65001, "10.0.0.2"), Peer("y", 65002, "10.0.0.3"), Peer("rr", LocalAs, "10.0.0.4") with { AddPathSendMax = 1 }));
        var x = new FakePeer(engine, "x", Negotiated(65001, "10.0.0.2"));
        var y = new FakePeer(engine, "y", Negotiated(65002, "10.0.0.3"));
        var rr = new FakePeer(engine, "rr", Negotiated(LocalAs, "10.0.0.4", addPathSend: AddressFamilySet.Ipv4Unicast));
        x.Up();
        y.Up();
        rr.Up();
        x.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        y.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.3"), 65002, 65010), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        var only = Assert.Single(rr.Table());
        Assert.Equal(Ipv4("10.0.0.2"), only.Value.NextHop); // the shorter AS path
    }

    [Fact]
    public async Task RouteRefresh_ResendsTheTable_BetweenBoRRAndEoRR()
    {
        var options = Options(Peer("p", 65001, "10.0.0.2"), Peer("q", 65002, "10.0.0.3")) with { Originate = [new OriginatedRoute { Prefix = Prefix1.Prefix }] };
        await using var engine = Engine(options);
        var p = new FakePeer(engine, "p", Negotiated(65001, "10.0.0.2", enhancedRefresh: true));
        var q = new FakePeer(engine, "q", Negotiated(65002, "10.0.0.3"));
        p.Up();
        q.Up();
        await engine.WhenProcessedAsync();
        var before = p.Received().Count;
        var beforeQ = q.Received().Count;

        engine.OnRouteRefresh("p", new RouteRefreshMessage(AddressFamily.Ipv4Unicast));
        await engine.WhenProcessedAsync();

        var after = p.Received().Skip(before).ToList();
        Assert.Equal(RouteRefreshSubtype.BeginningOfRouteRefresh, Assert.IsType<RouteRefreshMessage>(after[0]).Subtype);
        Assert.Contains(Prefix1, Assert.IsType<UpdateMessage>(after[1]).Nlri);
        Assert.Equal(RouteRefreshSubtype.EndOfRouteRefresh, Assert.IsType<RouteRefreshMessage>(after[^1]).Subtype);
        Assert.Equal(beforeQ, q.Received().Count); // the other member got nothing
    }

    [Fact]
    public async Task Backpressure_GroupWaitsForTheSlowPeer_ThenCatchesUp()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "10.0.0.2"), Peer("dst", 65002, "10.0.0.3")));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var dst = new FakePeer(engine, "dst", Negotiated(65002, "10.0.0.3"));
        src.Up();
        dst.Up();
        await engine.WhenProcessedAsync();
        dst.Outlet.Backlog = UpdateGroup.HighWater + 1;
        var before = dst.Outlet.Messages.Count;

        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        src.Send(Withdraw("10.1.0.0/24"));
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.2.0.0/24"));
        await engine.WhenProcessedAsync();
        Assert.Equal(before, dst.Outlet.Messages.Count);

        dst.Outlet.Drain();
        await EventuallyAsync(async () => { await engine.WhenProcessedAsync(); return dst.Table().ContainsKey(Prefix2); }, "the group to resume");
        Assert.DoesNotContain(Prefix1, dst.Table().Keys); // the flap never reached the slow peer
    }
}
