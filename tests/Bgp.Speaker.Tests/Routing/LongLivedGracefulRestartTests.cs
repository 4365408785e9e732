using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Tests.Sessions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>
/// The long-lived graceful restart helper (RFC 9494 §4.2-4.4): after the peer's Restart Time its
/// routes turn long-lived stale (LLGR_STALE attached, least preferred, only to LLGR peers, NO_LLGR
/// dropped) until the Long-Lived Stale Time ends or its End-of-RIB after it returns.
/// </summary>
public sealed class LongLivedGracefulRestartTests
{
    private const ushort RestartSeconds = 60;
    private const uint StaleSeconds = 3600;
    private static readonly TimeSpan OurStaleTime = TimeSpan.FromHours(1);
    private static readonly NlriEntry Plain = new(IpPrefix.Parse("10.1.0.0/24"));
    private static readonly NlriEntry NoLlgr = new(IpPrefix.Parse("10.2.0.0/24"));
    private static readonly NlriEntry Contested = new(IpPrefix.Parse("10.3.0.0/24"));

    private static GracefulRestartCapability Restart(ushort seconds = RestartSeconds) =>
        new(restartState: false, notification: false, seconds, [new GracefulRestartFamily(AddressFamily.Ipv4Unicast, true)]);

    private static LongLivedGracefulRestartCapability LongLived(bool forwarding = true) =>
        new([new LongLivedGracefulRestartFamily(AddressFamily.Ipv4Unicast, forwarding, StaleSeconds)]);

    private static NegotiatedSession WithLlgr(uint asn, string routerId, ushort restartSeconds = RestartSeconds, bool llgrForwarding = true) =>
        Negotiated(asn, routerId, gracefulRestart: Restart(restartSeconds)) with { PeerLongLivedGracefulRestart = LongLived(llgrForwarding) };

    private static uint[] Asns(Bgp.Protocol.Attributes.PathAttributes attributes) =>
        attributes.AsPath?.Segments.SelectMany(segment => segment.Asns).ToArray() ?? [];

    private sealed record Setup(RoutingEngine Engine, FakePeer Llgr, FakePeer LlgrObserver, FakePeer PlainObserver, FakePeer Backup, FakeTimeProvider Time);

    /// <summary>
    /// "llgr" (AS 65001) announces three prefixes, one with NO_LLGR; "backup" (AS 65004) announces the
    /// contested prefix with a longer AS path, so it loses to llgr's until llgr's turns least preferred.
    /// </summary>
    private static async Task<Setup> SetUpAsync(ushort restartSeconds = RestartSeconds)
    {
        var time = SessionTestKit.NewTime();
        var engine = Engine(Options(
            Peer("llgr", 65001, "10.0.0.2") with { LongLivedStaleTime = OurStaleTime },
            Peer("obs-llgr", 65002, "10.0.0.3") with { LongLivedStaleTime = OurStaleTime },
            Peer("obs-plain", 65003, "10.0.0.4"),
            Peer("backup", 65004, "10.0.0.5")), time);
        var llgr = new FakePeer(engine, "llgr", WithLlgr(65001, "10.0.0.2", restartSeconds));
        var llgrObserver = new FakePeer(engine, "obs-llgr", WithLlgr(65002, "10.0.0.3"));
        var plainObserver = new FakePeer(engine, "obs-plain", Negotiated(65003, "10.0.0.4"));
        var backup = new FakePeer(engine, "backup", Negotiated(65004, "10.0.0.5"));
        foreach (var peer in new[] { llgr, llgrObserver, plainObserver, backup })
        {
            peer.Up();
        }

        llgr.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24", "10.3.0.0/24"));
        var noLlgr = Ipv4Attributes(Ipv4("10.0.0.2"), 65001);
        llgr.Send(Announce(new Bgp.Protocol.Attributes.PathAttributes
        {
            Origin = noLlgr.Origin, AsPath = noLlgr.AsPath, NextHop = noLlgr.NextHop, Communities = [(uint)WellKnownCommunity.NoLlgr],
        }, "10.2.0.0/24"));
        backup.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.5"), 65004, 65100, 65101), "10.3.0.0/24"));
        await engine.WhenProcessedAsync();
        Assert.Equal([LocalAs, 65001u], Asns(plainObserver.Table()[Contested]));
        return new Setup(engine, llgr, llgrObserver, plainObserver, backup, time);
    }

    private static async Task EnterLongLivedStaleAsync(Setup setup)
    {
        setup.Llgr.Down(new SessionDown("connection closed by peer"));
        await setup.Engine.WhenProcessedAsync();
        setup.Time.Advance(TimeSpan.FromSeconds(RestartSeconds + 1));
        await EventuallyAsync(async () => (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.IsLlgrStale),
            "the restart time to end and the routes to turn long-lived stale");
        await setup.Engine.WhenProcessedAsync();
    }

    [Fact]
    public async Task RestartTimeEnds_RoutesTurnLongLivedStale_WithLlgrStaleToLlgrPeersOnly_NoLlgrDropped_Depreferenced()
    {
        var setup = await SetUpAsync();
        await using var _ = setup.Engine;
        setup.Llgr.Down(new SessionDown("connection closed by peer"));
        await setup.Engine.WhenProcessedAsync();
        setup.Time.Advance(TimeSpan.FromSeconds(RestartSeconds - 1));
        await setup.Engine.WhenProcessedAsync();
        Assert.DoesNotContain(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast), r => r.IsLlgrStale); // still plain GR

        setup.Time.Advance(TimeSpan.FromSeconds(2));
        await EventuallyAsync(async () => (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.IsLlgrStale),
            "the restart time to end and the routes to turn long-lived stale");
        await setup.Engine.WhenProcessedAsync();

        var routes = (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Where(r => r.Source == "llgr").ToList();
        Assert.Equal([Plain.Prefix, Contested.Prefix], routes.Select(r => r.Prefix));
        Assert.All(routes, r => Assert.True(r.IsLlgrStale));

        // RFC 9494 §4.2: the LLGR peer gets the routes again with LLGR_STALE.
        var toLlgr = setup.LlgrObserver.Table();
        Assert.Contains((uint)WellKnownCommunity.LlgrStale, toLlgr[Plain].Communities);
        Assert.False(toLlgr.ContainsKey(NoLlgr));

        // RFC 9494 §4.3: withdrawn from a peer without LLGR; §4.4: least preferred, the backup wins.
        var toPlain = setup.PlainObserver.Table();
        Assert.False(toPlain.ContainsKey(Plain));
        Assert.False(toPlain.ContainsKey(NoLlgr));
        Assert.Equal([LocalAs, 65004u, 65100u, 65101u], Asns(toPlain[Contested]));
        var contested = (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Where(r => r.Prefix == Contested.Prefix).ToList();
        Assert.Equal("backup", Assert.Single(contested, r => r.IsBest).Source);
    }

    [Fact]
    public async Task LongLivedStaleTimeEnds_RoutesRemoved()
    {
        var setup = await SetUpAsync();
        await using var _ = setup.Engine;
        await EnterLongLivedStaleAsync(setup);

        setup.Time.Advance(TimeSpan.FromSeconds(StaleSeconds - 10));
        await setup.Engine.WhenProcessedAsync();
        Assert.Contains(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast), r => r.Source == "llgr");

        setup.Time.Advance(TimeSpan.FromSeconds(20));
        await EventuallyAsync(async () => !(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.Source == "llgr"),
            "the long-lived stale time to remove the routes");
        await setup.Engine.WhenProcessedAsync();
        Assert.False(setup.LlgrObserver.Table().ContainsKey(Plain));
    }

    [Fact]
    public async Task PeerReturns_ResentRoutesFresh_OthersFlushedAtEndOfRib()
    {
        var setup = await SetUpAsync();
        await using var _ = setup.Engine;
        await EnterLongLivedStaleAsync(setup);

        setup.Llgr.Reconnect();
        setup.Llgr.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.3.0.0/24"));
        await setup.Engine.WhenProcessedAsync();
        Assert.Contains(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast), r => r.Prefix == Plain.Prefix); // until End-of-RIB

        setup.Llgr.Send(UpdateMessage.EndOfRib(AddressFamily.Ipv4Unicast));
        await setup.Engine.WhenProcessedAsync();

        var routes = (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Where(r => r.Source == "llgr").ToList();
        var contested = Assert.Single(routes);
        Assert.Equal(Contested.Prefix, contested.Prefix);
        Assert.False(contested.IsStale);
        Assert.True(contested.IsBest);
        Assert.DoesNotContain((uint)WellKnownCommunity.LlgrStale, setup.LlgrObserver.Table()[Contested].Communities);
        Assert.Equal([LocalAs, 65001u], Asns(setup.PlainObserver.Table()[Contested]));
    }

    [Fact]
    public async Task RestartTimeZero_RoutesTurnLongLivedStaleAtOnce()
    {
        // RFC 9494 §4.2: "if the Restart Time is zero and the Long-Lived Stale Time is nonzero,
        // only the procedures particular to LLGR would apply".
        var setup = await SetUpAsync(restartSeconds: 0);
        await using var _ = setup.Engine;

        setup.Llgr.Down(new SessionDown("connection closed by peer"));
        await EventuallyAsync(async () => (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.IsLlgrStale),
            "the routes to turn long-lived stale");

        var routes = (await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Where(r => r.Source == "llgr").ToList();
        Assert.Equal([Plain.Prefix, Contested.Prefix], routes.Select(r => r.Prefix));
        Assert.All(routes, r => Assert.True(r.IsLlgrStale));
    }

    [Fact]
    public async Task PeerReturnsWithoutLlgrForwardingState_LongLivedStaleRoutesFlushedAtOnce()
    {
        // RFC 9494 §4.2: once the LLGR period has begun, the F bit of the new LLGR capability decides.
        var setup = await SetUpAsync();
        await using var _ = setup.Engine;
        await EnterLongLivedStaleAsync(setup);

        setup.Llgr.Reconnect(WithLlgr(65001, "10.0.0.2", llgrForwarding: false));
        await setup.Engine.WhenProcessedAsync();

        Assert.DoesNotContain(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast), r => r.Source == "llgr");
    }

    [Fact]
    public async Task PeerDownAgainBeforeItsEndOfRib_LongLivedStaleRoutesStillEndWithTheLongLivedStaleTime()
    {
        // RFC 9494 §4.2: consecutive restarts keep the long-lived stale routes, but not forever.
        var setup = await SetUpAsync();
        await using var _ = setup.Engine;
        await EnterLongLivedStaleAsync(setup);
        setup.Llgr.Reconnect();
        await setup.Engine.WhenProcessedAsync();

        setup.Llgr.Down(new SessionDown("connection closed by peer"));
        await setup.Engine.WhenProcessedAsync();
        setup.Time.Advance(TimeSpan.FromSeconds(RestartSeconds + 1));
        await setup.Engine.WhenProcessedAsync();
        Assert.Contains(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast), r => r.Source == "llgr" && r.IsLlgrStale);

        setup.Time.Advance(TimeSpan.FromSeconds(StaleSeconds + 1));
        await EventuallyAsync(async () => !(await setup.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.Source == "llgr"),
            "the long-lived stale time to remove the routes");
    }
}
