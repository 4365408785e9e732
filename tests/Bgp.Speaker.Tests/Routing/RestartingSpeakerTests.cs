using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Tests.Sessions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>The restarting speaker (RFC 4724 §4.1): selection and export deferred until End-of-RIB or the deferral timer.</summary>
public sealed class RestartingSpeakerTests
{
    private static readonly TimeSpan DeferralTime = TimeSpan.FromSeconds(100);
    private static readonly NlriEntry Local = new(IpPrefix.Parse("192.168.10.0/24"));
    private static readonly NlriEntry FromA = new(IpPrefix.Parse("10.1.0.0/24"));

    private static GracefulRestartCapability PeerCapability() =>
        new(restartState: false, notification: false, 120, [new GracefulRestartFamily(AddressFamily.Ipv4Unicast, true)]);

    private static RoutingEngine RestartingEngine(FakeTimeProvider time, bool restarting = true, params PeerOptions[] peers)
    {
        var options = Options(peers) with
        {
            Originate = [new OriginatedRoute { Prefix = Local.Prefix, NextHop = IPAddress.Parse("10.0.0.1") }],
            GracefulRestart = new SpeakerRestartOptions { SelectionDeferralTime = DeferralTime },
        };
        return Engine(options, time, new RoutingEngineOptions { Restarting = restarting });
    }

    private static FakePeer Up(RoutingEngine engine, string name, uint asn, string address, bool gracefulRestart = true)
    {
        var peer = new FakePeer(engine, name, Negotiated(asn, address, gracefulRestart: gracefulRestart ? PeerCapability() : null));
        peer.Up();
        return peer;
    }

    private static void SendTable(FakePeer peer, string nextHop, uint asn, params string[] prefixes)
    {
        if (prefixes.Length > 0)
        {
            peer.Send(Announce(Ipv4Attributes(Ipv4(nextHop), asn), prefixes));
        }

        peer.Send(UpdateMessage.EndOfRib(AddressFamily.Ipv4Unicast));
        peer.Send(UpdateMessage.EndOfRib(AddressFamily.Ipv6Unicast));
    }

    [Fact]
    public async Task Restarting_SendsNothingUntilEveryGracefulRestartPeerSentEndOfRib_ThenTableAndEndOfRibToAll()
    {
        var time = SessionTestKit.NewTime();
        await using var engine = RestartingEngine(time, true, Peer("a", 65001, "10.0.0.2"), Peer("b", 65002, "10.0.0.3"));
        Assert.True(engine.IsRestarting);
        var a = Up(engine, "a", 65001, "10.0.0.2");
        var b = Up(engine, "b", 65002, "10.0.0.3");

        SendTable(a, "10.0.0.2", 65001, "10.1.0.0/24");
        await engine.WhenProcessedAsync();
        Assert.Empty(a.Received());
        Assert.Empty(b.Received()); // b is slow: nothing goes out, not even our End-of-RIB
        Assert.True(engine.IsRestarting);
        Assert.Equal(["b"], await engine.GetDeferredPeersAsync());

        SendTable(b, "10.0.0.3", 65002);
        await engine.WhenProcessedAsync();

        Assert.False(engine.IsRestarting);
        Assert.Empty(await engine.GetDeferredPeersAsync());
        Assert.Equal([FromA, Local], b.Table().Keys.OrderBy(k => k.Prefix));
        Assert.Equal([Local], a.Table().Keys);
        Assert.Equal(2, a.EndOfRibCount());
        Assert.Equal(2, b.EndOfRibCount());

        // End-of-RIB comes after the table (RFC 4724 §2).
        var lastRoute = b.Received().FindLastIndex(m => m is UpdateMessage u && !u.IsEndOfRib(out _));
        var firstEndOfRib = b.Received().FindIndex(m => m is UpdateMessage u && u.IsEndOfRib(out _));
        Assert.True(lastRoute < firstEndOfRib);
    }

    [Fact]
    public async Task Restarting_PeerNeverSendsEndOfRib_SelectionRunsWhenTheDeferralTimerExpires()
    {
        var time = SessionTestKit.NewTime();
        await using var engine = RestartingEngine(time, true, Peer("a", 65001, "10.0.0.2"), Peer("slow", 65002, "10.0.0.3"));
        var a = Up(engine, "a", 65001, "10.0.0.2");
        var slow = Up(engine, "slow", 65002, "10.0.0.3");
        SendTable(a, "10.0.0.2", 65001, "10.1.0.0/24");
        slow.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.3"), 65002), "10.2.0.0/24")); // but no End-of-RIB

        time.Advance(DeferralTime - TimeSpan.FromSeconds(1));
        await engine.WhenProcessedAsync();
        Assert.Empty(a.Received());
        Assert.Empty(slow.Received());
        Assert.True(engine.IsRestarting);

        time.Advance(TimeSpan.FromSeconds(2));
        await EventuallyAsync(() => Task.FromResult(!engine.IsRestarting), "the deferral timer to end the wait");
        await engine.WhenProcessedAsync();
        // What arrived before the timer is selected: ours and the slow peer's (a's own is not sent back).
        Assert.Equal([new NlriEntry(IpPrefix.Parse("10.2.0.0/24")), Local], a.Table().Keys.OrderBy(k => k.Prefix));
        Assert.Equal(2, slow.EndOfRibCount());
    }

    [Fact]
    public async Task Restarting_PeerWithoutGracefulRestart_IsNotWaitedFor_ButGetsNothingBeforeSelection()
    {
        var time = SessionTestKit.NewTime();
        await using var engine = RestartingEngine(time, true, Peer("gr", 65001, "10.0.0.2"), Peer("plain", 65002, "10.0.0.3"));
        var plain = Up(engine, "plain", 65002, "10.0.0.3", gracefulRestart: false);
        var gr = Up(engine, "gr", 65001, "10.0.0.2");
        await engine.WhenProcessedAsync();
        Assert.Empty(plain.Received());
        Assert.Equal(["gr"], await engine.GetDeferredPeersAsync());

        SendTable(gr, "10.0.0.2", 65001);
        await engine.WhenProcessedAsync();

        Assert.Equal([Local], plain.Table().Keys);
        Assert.Equal(2, plain.EndOfRibCount());
    }

    [Fact]
    public async Task Restarting_PeerRemovedByReload_IsNoLongerAwaited()
    {
        var time = SessionTestKit.NewTime();
        var a = Peer("a", 65001, "10.0.0.2");
        await using var engine = RestartingEngine(time, true, a, Peer("gone", 65002, "10.0.0.3"));
        var upA = Up(engine, "a", 65001, "10.0.0.2");
        SendTable(upA, "10.0.0.2", 65001);
        await engine.WhenProcessedAsync();
        Assert.True(engine.IsRestarting);

        await engine.ApplyAsync(engine.Options with { Peers = [a] });
        await engine.WhenProcessedAsync(); // the table goes out when the round's propagation runs

        Assert.False(engine.IsRestarting);
        Assert.Equal([Local], upA.Table().Keys);
    }

    [Fact]
    public async Task NormalStart_SendsAtOnce_AndIsNotRestarting()
    {
        var time = SessionTestKit.NewTime();
        await using var engine = RestartingEngine(time, false, Peer("a", 65001, "10.0.0.2"), Peer("b", 65002, "10.0.0.3"));
        var a = Up(engine, "a", 65001, "10.0.0.2");
        await engine.WhenProcessedAsync();

        Assert.False(engine.IsRestarting);
        Assert.Equal([Local], a.Table().Keys);
        Assert.Equal(2, a.EndOfRibCount());
    }
}
