using Bgp.Protocol;
using Bgp.Speaker.Routing;
using Xunit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>The restarting speaker's wait for End-of-RIB (RFC 4724 §4.1), as a pure state machine.</summary>
public sealed class RestartDeferralTests
{
    [Fact]
    public void NoPeersToAwait_IsCompleteAtOnce()
    {
        var deferral = new RestartDeferral([]);

        Assert.False(deferral.IsDeferring);
        Assert.Equal(DeferralEnd.NoPeers, deferral.Reason);
    }

    [Fact]
    public void EndOfRibForEveryNegotiatedFamilyOfEveryPeer_CompletesOnTheLastOne()
    {
        var deferral = new RestartDeferral(["a", "b"]);
        Assert.False(deferral.OnPeerUp("a", peerSupportsRestart: true, AddressFamilySet.All));
        Assert.False(deferral.OnPeerUp("b", peerSupportsRestart: true, AddressFamilySet.Ipv4Unicast));

        Assert.False(deferral.OnEndOfRib("a", AddressFamily.Ipv4Unicast));
        Assert.False(deferral.OnEndOfRib("b", AddressFamily.Ipv4Unicast));
        Assert.True(deferral.IsDeferring);
        Assert.Equal(["a"], deferral.Awaited);

        Assert.True(deferral.OnEndOfRib("a", AddressFamily.Ipv6Unicast));
        Assert.False(deferral.IsDeferring);
        Assert.Equal(DeferralEnd.AllEndOfRib, deferral.Reason);
    }

    [Fact]
    public void EndOfRibBeforeTheSessionIsKnown_OrRepeated_DoesNotCount()
    {
        var deferral = new RestartDeferral(["a"]);

        Assert.False(deferral.OnEndOfRib("a", AddressFamily.Ipv4Unicast)); // not up yet: nothing is owed
        Assert.False(deferral.OnEndOfRib("stranger", AddressFamily.Ipv4Unicast));
        Assert.True(deferral.IsDeferring);
    }

    [Fact]
    public void PeerWithoutGracefulRestart_IsNotWaitedFor()
    {
        var deferral = new RestartDeferral(["gr", "plain"]);
        deferral.OnPeerUp("gr", peerSupportsRestart: true, AddressFamilySet.Ipv4Unicast);

        Assert.False(deferral.OnPeerUp("plain", peerSupportsRestart: false, AddressFamilySet.All));
        Assert.Equal(["gr"], deferral.Awaited);
        Assert.True(deferral.OnEndOfRib("gr", AddressFamily.Ipv4Unicast));
    }

    [Fact]
    public void PeerDownBeforeItsEndOfRib_StaysAwaited_AndOwesEveryFamilyAgain()
    {
        var deferral = new RestartDeferral(["a"]);
        deferral.OnPeerUp("a", peerSupportsRestart: true, AddressFamilySet.All);
        deferral.OnEndOfRib("a", AddressFamily.Ipv4Unicast);

        deferral.OnPeerDown("a");
        Assert.False(deferral.OnEndOfRib("a", AddressFamily.Ipv6Unicast)); // from no session
        deferral.OnPeerUp("a", peerSupportsRestart: true, AddressFamilySet.All);
        Assert.False(deferral.OnEndOfRib("a", AddressFamily.Ipv6Unicast));

        Assert.True(deferral.IsDeferring);
        Assert.True(deferral.OnEndOfRib("a", AddressFamily.Ipv4Unicast));
    }

    [Fact]
    public void PeerNeverComingUp_TheTimerEndsTheWait()
    {
        var deferral = new RestartDeferral(["up", "never"]);
        deferral.OnPeerUp("up", peerSupportsRestart: true, AddressFamilySet.Ipv4Unicast);
        deferral.OnEndOfRib("up", AddressFamily.Ipv4Unicast);
        Assert.True(deferral.IsDeferring);

        Assert.True(deferral.OnTimerExpired());

        Assert.False(deferral.IsDeferring);
        Assert.Equal(DeferralEnd.TimerExpired, deferral.Reason);
        Assert.False(deferral.OnTimerExpired()); // once only
        Assert.False(deferral.OnPeerUp("never", peerSupportsRestart: true, AddressFamilySet.All));
    }

    [Fact]
    public void RemovedPeer_IsReleased()
    {
        var deferral = new RestartDeferral(["a", "b"]);
        deferral.OnPeerUp("a", peerSupportsRestart: true, AddressFamilySet.Ipv4Unicast);
        deferral.OnEndOfRib("a", AddressFamily.Ipv4Unicast);

        Assert.True(deferral.OnPeerRemoved("b"));
        Assert.Equal(DeferralEnd.AllEndOfRib, deferral.Reason);
    }
}
