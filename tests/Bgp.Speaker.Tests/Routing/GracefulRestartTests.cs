using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Tests.Sessions;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

public sealed class GracefulRestartTests
{
    private const ushort RestartSeconds = 120;
    private static readonly NlriEntry Kept = new(IpPrefix.Parse("10.1.0.0/24"));
    private static readonly NlriEntry Dropped = new(IpPrefix.Parse("10.2.0.0/24"));

    private static GracefulRestartCapability Capability(bool forwarding = true) =>
        new(restartState: false, notification: false, RestartSeconds, [new GracefulRestartFamily(AddressFamily.Ipv4Unicast, forwarding)]);

    private static async Task<(Speaker.Routing.RoutingEngine Engine, FakePeer Restarting, FakePeer Observer, Microsoft.Extensions.Time.Testing.FakeTimeProvider Time)> SetUpAsync()
    {
        var time = SessionTestKit.NewTime();
        var engine = Engine(Options(Peer("gr", 65001, "10.0.0.2"), Peer("obs", 65002, "10.0.0.3")), time);
        var restarting = new FakePeer(engine, "gr", Negotiated(65001, "10.0.0.2", gracefulRestart: Capability()));
        var observer = new FakePeer(engine, "obs", Negotiated(65002, "10.0.0.3"));
        restarting.Up();
        observer.Up();
        restarting.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24", "10.2.0.0/24"));
        await engine.WhenProcessedAsync();
        Assert.Equal(2, observer.Table().Count);
        return (engine, restarting, observer, time);
    }

    [Fact]
    public async Task PeerDropsWithoutNotification_RoutesKeptStale_ThenFlushedAtItsEndOfRib()
    {
        var (engine, restarting, observer, _) = await SetUpAsync();
        await using var _ = engine;
        var sentBefore = observer.Received().Count;

        restarting.Down(new SessionDown("connection closed by peer"));
        var routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal(2, routes.Count);
        Assert.All(routes, r => Assert.True(r.IsStale));
        Assert.Equal(sentBefore, observer.Received().Count); // nothing withdrawn downstream

        restarting.Reconnect();
        restarting.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), "10.1.0.0/24"));
        await engine.WhenProcessedAsync();
        Assert.Equal(2, (await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Count); // still waiting for End-of-RIB

        restarting.Send(UpdateMessage.EndOfRib(AddressFamily.Ipv4Unicast));
        routes = await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast);
        var kept = Assert.Single(routes);
        Assert.Equal(Kept.Prefix, kept.Prefix);
        Assert.False(kept.IsStale);
        Assert.Equal([Kept], observer.Table().Keys);
    }

    [Fact]
    public async Task PeerNeverReturns_RoutesWithdrawnAfterItsRestartTime()
    {
        var (engine, restarting, observer, time) = await SetUpAsync();
        await using var _ = engine;

        restarting.Down(new SessionDown("hold timer expired without notification"));
        await engine.WhenProcessedAsync();
        time.Advance(TimeSpan.FromSeconds(RestartSeconds - 1));
        await engine.WhenProcessedAsync();
        Assert.Equal(2, (await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Count);

        time.Advance(TimeSpan.FromSeconds(2));
        await EventuallyAsync(async () => (await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Count == 0, "the stale routes to go");
        await engine.WhenProcessedAsync();
        Assert.Empty(observer.Table());
    }

    [Fact]
    public async Task PeerDownWithNotification_RoutesWithdrawnAtOnce()
    {
        var (engine, restarting, observer, _) = await SetUpAsync();
        await using var _ = engine;

        restarting.Down(new SessionDown("received 6/2", NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown));

        Assert.Empty(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast));
        Assert.Empty(observer.Table());
    }

    [Fact]
    public async Task PeerReturnsWithoutForwardingState_StaleRoutesFlushedAtOnce()
    {
        var (engine, restarting, _, _) = await SetUpAsync();
        await using var _ = engine;

        restarting.Down();
        restarting.Reconnect(Negotiated(65001, "10.0.0.2", gracefulRestart: Capability(forwarding: false)));

        Assert.Empty(await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast));
    }

    [Fact]
    public async Task PeerReturnsButSendsNoEndOfRib_StaleRoutesGoAfterTheStalePathTime()
    {
        var (engine, restarting, _, time) = await SetUpAsync();
        await using var _ = engine;

        restarting.Down();
        restarting.Reconnect();
        await engine.WhenProcessedAsync();
        time.Advance(Speaker.Routing.RoutingEngineOptions.DefaultStalePathTime + TimeSpan.FromSeconds(1));

        await EventuallyAsync(async () => (await engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Count == 0, "the stale-path time to flush");
    }
}
