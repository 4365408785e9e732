using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>
/// Issue 4: a policy change is applied with route refresh or soft reconfiguration, never a session
/// reset. Each test reloads the engine's configuration and checks exactly which routes changed in
/// the Loc-RIB and on the wire to each peer, and which ROUTE-REFRESH messages went out.
/// </summary>
public sealed class PolicyChangeTests
{
    private static readonly string[] Prefixes = ["10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24", "10.4.0.0/24"];

    /// <summary>The policies every configuration of these tests defines; <c>$IN</c> and <c>$OUT</c> are replaced per reload.</summary>
    private const string Template = """
        {
          "localAs": 65000, "routerId": "10.0.0.1",
          "prefixSets": { "two": ["$TWO"], "three": ["10.3.0.0/24"] },
          "policies": {
            "accept-all": { "default": "accept", "rules": [] },
            "no-two": { "default": "accept", "rules": [ { "match": { "prefixSet": "two" }, "then": "reject" } ] },
            "in": $IN,
            "out": $OUT
          },
          "peers": [ $PEERS ]
        }
        """;

    private const string AcceptAll = """{ "default": "accept", "rules": [] }""";

    private const string RejectTwoPreferOthers = """
        { "default": "accept", "rules": [
            { "match": { "prefixSet": "two" }, "then": "reject" },
            { "actions": { "setLocalPref": 250 }, "then": "accept" } ] }
        """;

    private const string RejectThreeTagOthers = """
        { "default": "accept", "rules": [
            { "match": { "prefixSet": "three" }, "then": "reject" },
            { "actions": { "setLocalPref": 300, "addCommunities": "65000:77" }, "then": "accept" } ] }
        """;

    [Fact]
    public async Task ImportPolicyRedefined_WithSoftReconfiguration_ReappliesKeptRoutes_NoRouteRefresh()
    {
        var peers = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "in", "softReconfigurationInbound": true },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000 }
            """;
        await using var engine = Engine(Config(peers, AcceptAll, AcceptAll));
        var (src, dst) = await StartAsync(engine, enhancedRefresh: true);
        var dstMark = dst.Received().Count;

        // The policy named "in" is edited; the peer's policy names stay.
        await engine.ApplyAsync(Config(peers, RejectTwoPreferOthers, AcceptAll));
        await engine.WhenProcessedAsync();

        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"], Names(routes));
        Assert.All(routes, route => Assert.Equal(250u, route.Attributes.LocalPref));
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());
        var (announced, withdrawn) = Since(dst, dstMark);
        Assert.Equal(["10.2.0.0/24"], withdrawn);
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"], announced);
        Assert.All(dst.Table().Values, sent => Assert.Equal(250u, sent.LocalPref));

        // The rejected route was kept before policy: accepting it again needs nothing from the peer.
        await engine.ApplyAsync(Config(peers, AcceptAll, AcceptAll));
        Assert.Equal(Prefixes, Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());
        Assert.Equal(Prefixes, dst.Table().Keys.Select(k => k.Prefix.ToString()).Order());
    }

    [Fact]
    public async Task ImportPolicyNamesChanged_WithoutSoftReconfiguration_SendsRouteRefreshPerFamily_AndFiltersTheResentRoutes()
    {
        var before = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001 },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000 }
            """;
        var after = before.Replace("\"remoteAs\": 65001 }", "\"remoteAs\": 65001, \"importPolicy\": \"no-two\" }", StringComparison.Ordinal);
        await using var engine = Engine(Config(before, AcceptAll, AcceptAll));
        var (src, dst) = await StartAsync(engine, enhancedRefresh: false);
        var dstMark = dst.Received().Count;

        await engine.ApplyAsync(Config(after, AcceptAll, AcceptAll));
        await engine.WhenProcessedAsync();

        // RFC 2918 §3: one request per negotiated family, subtype 0 (RFC 7313 §3).
        var requests = src.Received().OfType<RouteRefreshMessage>().ToList();
        Assert.Equal([AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], requests.Select(r => r.Family));
        Assert.All(requests, r => Assert.Equal(RouteRefreshSubtype.Normal, r.Subtype));

        // Nothing changes until the peer sends its routes again; then they pass the new chain.
        Assert.Equal(Prefixes, Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"], Names(routes));
        var (announced, withdrawn) = Since(dst, dstMark);
        Assert.Equal(["10.2.0.0/24"], withdrawn);
        Assert.Empty(announced);
    }

    [Fact]
    public async Task PrefixSetEdited_OnlyThePeerWhosePolicyUsesItIsReevaluated()
    {
        var peers = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "no-two", "softReconfigurationInbound": true },
            { "name": "other", "address": "10.0.0.4", "remoteAs": 65004, "importPolicy": "accept-all" },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000 }
            """;
        await using var engine = Engine(Config(peers, AcceptAll, AcceptAll));
        var (src, dst) = await StartAsync(engine, enhancedRefresh: true);
        var other = new FakePeer(engine, "other", Negotiated(65004, "10.0.0.4", enhancedRefresh: true));
        other.Up();
        other.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.4"), 65004), "10.9.0.0/24"));
        await engine.WhenProcessedAsync();
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24", "10.9.0.0/24"], Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        var dstMark = dst.Received().Count;

        // Only the prefix set's content changes: "no-two" now rejects 10.4.0.0/24 instead.
        await engine.ApplyAsync(Config(peers, AcceptAll, AcceptAll, two: "10.4.0.0/24"));
        await engine.WhenProcessedAsync();

        Assert.Equal(["10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24", "10.9.0.0/24"], Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        var (announced, withdrawn) = Since(dst, dstMark);
        Assert.Equal(["10.4.0.0/24"], withdrawn);
        Assert.Equal(["10.2.0.0/24"], announced);
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());
        Assert.Empty(other.Received().OfType<RouteRefreshMessage>());
    }

    [Fact]
    public async Task EnhancedRouteRefresh_BoRRMarksStale_EoRRRemovesWhatWasNotResent()
    {
        var before = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001 },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000 }
            """;
        var after = before.Replace("\"remoteAs\": 65001 }", "\"remoteAs\": 65001, \"importPolicy\": \"in\" }", StringComparison.Ordinal);
        await using var engine = Engine(Config(before, AcceptAll, AcceptAll));
        var (src, dst) = await StartAsync(engine, enhancedRefresh: true);
        await engine.ApplyAsync(Config(after, RejectTwoPreferOthers, AcceptAll));
        Assert.Equal(2, src.Received().OfType<RouteRefreshMessage>().Count());
        var dstMark = dst.Received().Count;

        // The peer answers between BoRR and EoRR (RFC 7313 §4) and no longer has 10.4.0.0/24.
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh));
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24"));
        var during = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"], Names(during));
        Assert.True(during.Single(r => r.Prefix.ToString() == "10.4.0.0/24").IsStale, "not re-sent yet: stale until the EoRR");
        Assert.False(during.Single(r => r.Prefix.ToString() == "10.1.0.0/24").IsStale, "re-sent: fresh");

        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.EndOfRouteRefresh));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24"], Names(routes));
        Assert.All(routes, route => Assert.Equal(250u, route.Attributes.LocalPref));
        var (announced, withdrawn) = Since(dst, dstMark);
        Assert.Equal(["10.2.0.0/24", "10.4.0.0/24"], withdrawn);
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24"], announced);
        Assert.Equal(2, (await engine.GetPeerCountsAsync()).Single(c => c.Peer == "src").Accepted);
    }

    [Fact]
    public async Task EnhancedRouteRefresh_WithSoftReconfiguration_EoRRAlsoForgetsThePrePolicyRoutesNotResent()
    {
        var peers = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "in", "softReconfigurationInbound": true },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000 }
            """;
        await using var engine = Engine(Config(peers, RejectTwoPreferOthers, AcceptAll));
        var (src, _) = await StartAsync(engine, enhancedRefresh: true);

        // The peer refreshes on its own (RFC 7313 §4 allows it) and drops 10.2.0.0/24, which our
        // policy rejected anyway: it must not come back from the pre-policy store later.
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh));
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"));
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.EndOfRouteRefresh));

        // The re-sent routes are in the store: a new chain runs over exactly them.
        await engine.ApplyAsync(Config(peers, RejectThreeTagOthers, AcceptAll));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(["10.1.0.0/24", "10.4.0.0/24"], Names(routes));
        Assert.All(routes, route => Assert.Equal(300u, route.Attributes.LocalPref));

        await engine.ApplyAsync(Config(peers, AcceptAll, AcceptAll));
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"], Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());
    }

    [Fact]
    public async Task EnhancedRouteRefresh_WithoutEoRR_StaleRoutesGoAfterTheStalePathTime()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var peers = """{ "name": "src", "address": "10.0.0.2", "remoteAs": 65001 }""";
        await using var engine = Engine(Config(peers, AcceptAll, AcceptAll), time, new RoutingEngineOptions { StalePathTime = TimeSpan.FromSeconds(60) });
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2", enhancedRefresh: true));
        src.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh));
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(Prefixes, Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));

        // RFC 7313 §4: the upper bound on stale routes whose EoRR never comes.
        time.Advance(TimeSpan.FromSeconds(1));
        await EventuallyAsync(async () => Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).SequenceEqual(["10.1.0.0/24"]),
            "the stale routes removed after 60 s without EoRR");

        // A late EoRR has no BoRR to end: nothing more goes.
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.EndOfRouteRefresh));
        Assert.Equal(["10.1.0.0/24"], Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
    }

    [Fact]
    public async Task BoRR_BeforeEndOfRib_FromAGracefulRestartPeer_IsIgnored()
    {
        var peers = """{ "name": "src", "address": "10.0.0.2", "remoteAs": 65001 }""";
        await using var engine = Engine(Config(peers, AcceptAll, AcceptAll));
        var restart = new GracefulRestartCapability(restartState: false, notification: false, 120, [new GracefulRestartFamily(AddressFamily.Ipv4Unicast, true)]);
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2", gracefulRestart: restart, enhancedRefresh: true));
        src.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));

        // RFC 7313 §4: no End-of-RIB yet, so BoRR and EoRR change nothing.
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh));
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.EndOfRouteRefresh));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(Prefixes, Names(routes));
        Assert.All(routes, route => Assert.False(route.IsStale));

        // After its End-of-RIB the same pair applies.
        src.Send(new UpdateMessage());
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.BeginningOfRouteRefresh));
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        engine.OnRouteRefresh("src", new RouteRefreshMessage(AddressFamily.Ipv4Unicast, RouteRefreshSubtype.EndOfRouteRefresh));
        Assert.Equal(["10.1.0.0/24"], Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
    }

    [Fact]
    public async Task ImportPolicyChange_PeerWithNeitherRouteRefreshNorSoftReconfiguration_WarnsAndKeepsRoutes()
    {
        var before = """{ "name": "src", "address": "10.0.0.2", "remoteAs": 65001 }""";
        var after = """{ "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "no-two" }""";
        var logger = new ListLogger<RoutingEngine>();
        await using var engine = new RoutingEngine(Config(before, AcceptAll, AcceptAll), TimeProvider.System, logger);
        engine.Start();
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2") with { RouteRefresh = false, EnhancedRouteRefresh = false });
        src.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        await engine.WhenProcessedAsync();

        await engine.ApplyAsync(Config(after, AcceptAll, AcceptAll));

        Assert.Equal(Prefixes, Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());
        var warning = Assert.Single(logger.Lines, line => line.StartsWith("Warning:", StringComparison.Ordinal));
        Assert.Contains("src", warning, StringComparison.Ordinal);
        Assert.Contains("new UPDATEs only", warning, StringComparison.Ordinal);
        Assert.Contains("softReconfigurationInbound", warning, StringComparison.Ordinal);

        // New UPDATEs do get the new chain.
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.2.0.0/24"));
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24", "10.4.0.0/24"], Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
    }

    [Fact]
    public async Task SoftReconfigurationTurnedOn_SendsRouteRefresh_SoTheStoreFills_ThenAChangeNeedsNoPeer()
    {
        var before = """{ "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "in" }""";
        var after = """{ "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "in", "softReconfigurationInbound": true }""";
        await using var engine = Engine(Config(before, RejectTwoPreferOthers, AcceptAll));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        src.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));

        await engine.ApplyAsync(Config(after, RejectTwoPreferOthers, AcceptAll));
        Assert.Equal(2, src.Received().OfType<RouteRefreshMessage>().Count());
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));

        await engine.ApplyAsync(Config(after, AcceptAll, AcceptAll));
        Assert.Equal(Prefixes, Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        Assert.Equal(2, src.Received().OfType<RouteRefreshMessage>().Count());
    }

    [Fact]
    public async Task ExportPolicyNamesChanged_PeerLeavesItsGroup_AndGetsOnlyTheDifference()
    {
        var before = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001 },
            { "name": "d1", "address": "10.0.0.3", "remoteAs": 65000, "exportPolicy": "accept-all" },
            { "name": "d2", "address": "10.0.0.4", "remoteAs": 65000, "exportPolicy": "accept-all" }
            """;
        var after = before.Replace("\"10.0.0.3\", \"remoteAs\": 65000, \"exportPolicy\": \"accept-all\"",
            "\"10.0.0.3\", \"remoteAs\": 65000, \"exportPolicy\": \"out\"", StringComparison.Ordinal);
        await using var engine = Engine(Config(before, AcceptAll, AcceptAll));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var d1 = new FakePeer(engine, "d1", Negotiated(LocalAs, "10.0.0.3"));
        var d2 = new FakePeer(engine, "d2", Negotiated(LocalAs, "10.0.0.4"));
        src.Up();
        d1.Up();
        d2.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        await engine.WhenProcessedAsync();
        var counts = await engine.GetPeerCountsAsync();
        Assert.Equal(Group(counts, "d1"), Group(counts, "d2"));
        var (d1Mark, d2Mark) = (d1.Received().Count, d2.Received().Count);

        await engine.ApplyAsync(Config(after, AcceptAll, RejectThreeTagOthers));
        await engine.WhenProcessedAsync();

        var (announced, withdrawn) = Since(d1, d1Mark);
        Assert.Equal(["10.3.0.0/24"], withdrawn);
        Assert.Equal(["10.1.0.0/24", "10.2.0.0/24", "10.4.0.0/24"], announced);
        Assert.All(d1.Table().Values, sent =>
        {
            Assert.Equal(300u, sent.LocalPref);
            Assert.Contains(65000u << 16 | 77, sent.Communities);
        });
        Assert.Equal(d2Mark, d2.Received().Count);
        Assert.Empty(d1.Received().OfType<RouteRefreshMessage>());
        counts = await engine.GetPeerCountsAsync();
        Assert.NotEqual(Group(counts, "d1"), Group(counts, "d2"));
        Assert.Equal(3, counts.Single(c => c.Peer == "d1").Advertised);
        Assert.Equal(4, counts.Single(c => c.Peer == "d2").Advertised);

        // And back: d1 gets 10.3.0.0/24 again and the other three without the edits, then shares d2's group.
        var mark = d1.Received().Count;
        await engine.ApplyAsync(Config(before, AcceptAll, RejectThreeTagOthers));
        await engine.WhenProcessedAsync();
        (announced, withdrawn) = Since(d1, mark);
        Assert.Empty(withdrawn);
        Assert.Equal(Prefixes, announced);
        Assert.All(d1.Table().Values, sent => Assert.Equal(100u, sent.LocalPref));
        await EventuallyAsync(async () =>
        {
            var now = await engine.GetPeerCountsAsync();
            return Group(now, "d1") == Group(now, "d2");
        }, "d1 back in d2's update group");
    }

    [Fact]
    public async Task ExportPolicyRedefined_SameNames_EveryPeerOfTheGroupGetsTheDifference()
    {
        var peers = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001 },
            { "name": "d1", "address": "10.0.0.3", "remoteAs": 65000, "exportPolicy": "out" },
            { "name": "d2", "address": "10.0.0.4", "remoteAs": 65000, "exportPolicy": "out" }
            """;
        await using var engine = Engine(Config(peers, AcceptAll, AcceptAll));
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var d1 = new FakePeer(engine, "d1", Negotiated(LocalAs, "10.0.0.3"));
        var d2 = new FakePeer(engine, "d2", Negotiated(LocalAs, "10.0.0.4"));
        src.Up();
        d1.Up();
        d2.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        await engine.WhenProcessedAsync();
        var (d1Mark, d2Mark) = (d1.Received().Count, d2.Received().Count);

        await engine.ApplyAsync(Config(peers, AcceptAll, RejectThreeTagOthers));
        await engine.WhenProcessedAsync();

        foreach (var (peer, mark) in new[] { (d1, d1Mark), (d2, d2Mark) })
        {
            var (announced, withdrawn) = Since(peer, mark);
            Assert.Equal(["10.3.0.0/24"], withdrawn);
            Assert.Equal(["10.1.0.0/24", "10.2.0.0/24", "10.4.0.0/24"], announced);
            Assert.All(peer.Table().Values, sent => Assert.Equal(300u, sent.LocalPref));
        }

        var counts = await engine.GetPeerCountsAsync();
        Assert.Equal(Group(counts, "d1"), Group(counts, "d2"));
    }

    [Fact]
    public async Task Reload_WithTheSamePolicies_CompiledAgain_SendsNothing()
    {
        var peers = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "importPolicy": "in" },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000, "exportPolicy": "out" }
            """;
        var logger = new ListLogger<RoutingEngine>();
        await using var engine = new RoutingEngine(Config(peers, RejectTwoPreferOthers, RejectThreeTagOthers), TimeProvider.System, logger);
        engine.Start();
        var (src, dst) = await StartAsync(engine, enhancedRefresh: true);
        var (srcMark, dstMark, logMark) = (src.Received().Count, dst.Received().Count, logger.Lines.Count);

        // A SIGHUP with an unchanged file: every chain is compiled again, with the same fingerprints.
        await engine.ApplyAsync(Config(peers, RejectTwoPreferOthers, RejectThreeTagOthers));
        await engine.WhenProcessedAsync();

        Assert.Equal(srcMark, src.Received().Count);
        Assert.Equal(dstMark, dst.Received().Count);

        // Nor is any table computed again: no import re-applied, no group re-walked.
        Assert.DoesNotContain(logger.Lines.Skip(logMark), line => line.Contains("policy changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DynamicPeer_TemplatePolicyChanged_ReappliesItsImportAndExport_LikeAConfiguredPeer()
    {
        // A dynamicPeers range's session is not in the peers list: the speaker registers its
        // reloaded options (AddDynamicPeer) and the engine compares its chains on the reload.
        const string Peers = """
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001 } ],
            "dynamicPeers": [ { "name": "nodes", "prefix": "10.0.0.0/24", "remoteAs": 65000, "softReconfigurationInbound": true $POLICIES }
            """;
        static SpeakerOptions WithRange(string policies) => ConfigLoader.Parse(
            Template.Replace("$IN", AcceptAll, StringComparison.Ordinal).Replace("$OUT", RejectThreeTagOthers, StringComparison.Ordinal)
                .Replace("$TWO", "10.2.8.0/24", StringComparison.Ordinal).Replace("$PEERS", Peers, StringComparison.Ordinal)
                .Replace("$POLICIES", policies, StringComparison.Ordinal), "dynamic.json");
        var address = System.Net.IPAddress.Parse("10.0.0.9");
        var before = WithRange("");
        await using var engine = Engine(before);
        engine.AddDynamicPeer(before.DynamicPeers[0].PeerFor(address));
        var (src, _) = await StartAsync(engine, enhancedRefresh: true);
        var node = new FakePeer(engine, before.DynamicPeers[0].PeerName(address), Negotiated(LocalAs, "10.0.0.9", enhancedRefresh: true));
        node.Up();
        node.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.9")), "10.8.0.0/24", "10.2.8.0/24"));
        await engine.WhenProcessedAsync();
        Assert.Contains("10.2.8.0/24", Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        var nodeMark = node.Received().Count;

        // The template gains an import and an export policy; the session stays (no Down/Up here).
        var after = WithRange(", \"importPolicy\": \"no-two\", \"exportPolicy\": \"out\"");
        engine.AddDynamicPeer(after.DynamicPeers[0].PeerFor(address));
        await engine.ApplyAsync(after);
        await engine.WhenProcessedAsync();

        // Import: "no-two" (the set holds 10.2.8.0/24 here) re-applied from the pre-policy store;
        // no ROUTE-REFRESH to anyone.
        var routes = Names(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast));
        Assert.Contains("10.8.0.0/24", routes);
        Assert.DoesNotContain("10.2.8.0/24", routes);
        Assert.Empty(node.Received().OfType<RouteRefreshMessage>());
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());

        // Export: only the difference, 10.3.0.0/24 withdrawn and the others re-sent tagged.
        var (announced, withdrawn) = Since(node, nodeMark);
        Assert.Equal(["10.3.0.0/24"], withdrawn);
        Assert.Equal(["10.1.0.0/24", "10.2.0.0/24", "10.4.0.0/24"], announced);
        Assert.All(node.Table().Values, sent => Assert.Equal(300u, sent.LocalPref));
    }

    /// <summary>src (eBGP, sends <see cref="Prefixes"/>) and dst (iBGP) up, the initial exchange done.</summary>
    private static async Task<(FakePeer Src, FakePeer Dst)> StartAsync(RoutingEngine engine, bool enhancedRefresh)
    {
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2", enhancedRefresh: enhancedRefresh));
        var dst = new FakePeer(engine, "dst", Negotiated(LocalAs, "10.0.0.3", enhancedRefresh: enhancedRefresh));
        src.Up();
        dst.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        await engine.WhenProcessedAsync();
        return (src, dst);
    }

    private static SpeakerOptions Config(string peers, string importPolicy, string exportPolicy, string two = "10.2.0.0/24") =>
        ConfigLoader.Parse(Template.Replace("$IN", importPolicy, StringComparison.Ordinal).Replace("$OUT", exportPolicy, StringComparison.Ordinal)
            .Replace("$PEERS", peers, StringComparison.Ordinal).Replace("$TWO", two, StringComparison.Ordinal), "policy-change.json");

    private static string[] Names(IEnumerable<RouteSnapshot> routes) => [.. routes.Select(r => r.Prefix.ToString()).Distinct().Order()];

    private static int Group(IReadOnlyList<PeerRouteCounts> counts, string peer) => counts.Single(c => c.Peer == peer).UpdateGroup;

    /// <summary>The prefixes announced and withdrawn to <paramref name="peer"/> after its first <paramref name="mark"/> messages (sorted).</summary>
    private static (string[] Announced, string[] Withdrawn) Since(FakePeer peer, int mark)
    {
        var announced = new List<string>();
        var withdrawn = new List<string>();
        foreach (var update in peer.Received().Skip(mark).OfType<UpdateMessage>())
        {
            withdrawn.AddRange(update.Withdrawn.Select(r => r.Prefix.ToString()));
            withdrawn.AddRange(update.Attributes.MpUnreach?.Withdrawn.Select(r => r.Prefix.ToString()) ?? []);
            announced.AddRange(update.Nlri.Select(r => r.Prefix.ToString()));
            announced.AddRange(update.Attributes.MpReach?.Nlri.Select(r => r.Prefix.ToString()) ?? []);
        }

        return ([.. announced.Order()], [.. withdrawn.Order()]);
    }
}
