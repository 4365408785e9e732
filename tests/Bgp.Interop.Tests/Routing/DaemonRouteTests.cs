using Bgp.Testing;
using Xunit;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// The route launchers proved daemon to daemon: what one daemon originates (with communities,
/// large communities, MED, prepends) arrives in the other as its own CLI shows it, and a withdrawal
/// takes it away. If these fail, a routing failure against the speaker says nothing about the speaker.
/// </summary>
[Trait("Category", "Interop")]
public sealed class DaemonRouteTests
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(30);
    private const uint SenderAs = 65001;
    private const uint ReceiverAs = 65002;

    public static TheoryData<ReferenceDaemonKind, ReferenceDaemonKind, bool> Pairs => new()
    {
        { ReferenceDaemonKind.GoBgp, ReferenceDaemonKind.Bird, false },
        { ReferenceDaemonKind.Frr, ReferenceDaemonKind.Bird, false },
        { ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, false },
        { ReferenceDaemonKind.Bird, ReferenceDaemonKind.GoBgp, true },
    };

    [InteropTheory(ReferenceDaemonKind.Bird, ReferenceDaemonKind.GoBgp, ReferenceDaemonKind.Frr)]
    [MemberData(nameof(Pairs))]
    public async Task Routes_CrossWithAttributes_AndWithdraw(ReferenceDaemonKind sender, ReferenceDaemonKind receiver, bool internalBgp)
    {
        var receiverAs = internalBgp ? SenderAs : ReceiverAs;
        var (sendPeering, receivePeering) = DaemonToDaemonTests.PeeringPair(SenderAs, receiverAs);
        var v4 = RouteExpectations.Ipv4("10.61.0.0/24");
        var late = RouteExpectations.Ipv4("10.61.1.0/24");
        using var receiving = (IRoutingDaemon)await ReferenceDaemons.StartAsync(receiver, receivePeering with { Passive = true });
        using var sending = (IRoutingDaemon)await ReferenceDaemons.StartAsync(sender, sendPeering with { Routes = [v4] });
        await sending.WaitEstablishedAsync(EstablishTimeout);

        var route = Assert.Single(await RouteExpectations.WaitForRouteAsync(receiving, v4.Prefix));
        Assert.Equal(v4.Communities, route.Communities);
        Assert.Equal(v4.LargeCommunities, route.LargeCommunities);
        Assert.Equal(v4.Med, route.Med);
        Assert.Equal(internalBgp ? [65099u] : [SenderAs, 65099u], route.AsPath);
        if (internalBgp)
        {
            Assert.Equal(v4.LocalPref, route.LocalPref);
            Assert.Equal(v4.NextHop!.ToString(), route.NextHop);
        }

        await sending.AnnounceAsync(late);
        await RouteExpectations.WaitForRouteAsync(receiving, late.Prefix);
        await sending.WithdrawAsync(v4);
        await RouteExpectations.WaitForRouteGoneAsync(receiving, v4.Prefix);
    }

    /// <summary>
    /// ExaBGP as the malformed-UPDATE source, proved against BIRD: a valid route arrives; the same
    /// prefix re-announced with ORIGIN 5 (a generic attribute packed verbatim) is treated as withdrawn
    /// by BIRD (RFC 7606 §7.1) while the session stays up.
    /// </summary>
    [ExaBgpFact(ReferenceDaemonKind.Bird)]
    public async Task ExaBgp_ValidThenMalformedOrigin_BirdTreatsAsWithdraw()
    {
        var (exaPeering, birdPeering) = DaemonToDaemonTests.PeeringPair(SenderAs, ReceiverAs);
        using var bird = await BirdDaemon.StartAsync(birdPeering with { Passive = true });
        using var exabgp = await ExaBgpDaemon.StartAsync(exaPeering);
        await bird.WaitEstablishedAsync(EstablishTimeout);

        await exabgp.SendAsync("announce route 10.63.0.0/24 next-hop 192.0.2.20 community [ 65010:100 ] med 10");
        var route = Assert.Single(await RouteExpectations.WaitForRouteAsync(bird, "10.63.0.0/24"));
        Assert.Equal(["65010:100"], route.Communities);

        await exabgp.SendAsync("announce route 10.63.0.0/24 next-hop 192.0.2.20 attribute [ 0x01 0x40 0x05 ]");
        await RouteExpectations.WaitForRouteGoneAsync(bird, "10.63.0.0/24");
        Assert.True(await bird.IsEstablishedAsync(), await bird.DiagnosticsAsync());
    }
}
