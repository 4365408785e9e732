using Bgp.Speaker.Fsm;
using Xunit;
using static Bgp.Speaker.Fsm.FsmEvent;
using static Bgp.Speaker.Fsm.SessionState;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>Whole sessions driven event by event through <see cref="BgpFsm"/>.</summary>
public sealed class FsmScenarioTests
{
    private static readonly TimeSpan Hold90 = TimeSpan.FromSeconds(90);

    [Fact]
    public void ActiveOpen_IdleConnectOpenSentOpenConfirmEstablished_ThenManualStopSendsCease6_2()
    {
        var fsm = new FsmDriver(new FsmConfig());

        fsm.Feed(ManualStart);
        Assert.True(fsm.TcpOpen);
        Assert.Equal(TimeSpan.FromSeconds(120), fsm.Timers["ConnectRetry"]);

        fsm.Feed(TcpCrAcked);
        Assert.Equal(["OPEN"], fsm.Sent);
        Assert.Equal(TimeSpan.FromMinutes(4), fsm.Timers["Hold"]);
        Assert.False(fsm.Timers.ContainsKey("ConnectRetry"));

        fsm.Feed(BgpOpen, Hold90);
        Assert.Equal(["OPEN", "KEEPALIVE"], fsm.Sent);
        Assert.Equal(Hold90, fsm.Timers["Hold"]);
        Assert.Equal(TimeSpan.FromSeconds(30), fsm.Timers["Keepalive"]);

        fsm.Feed(KeepAliveMsg);
        fsm.Feed(UpdateMsg);
        fsm.Feed(KeepaliveTimerExpires);
        Assert.Equal(Established, fsm.State);
        Assert.Equal(["OPEN", "KEEPALIVE", "KEEPALIVE"], fsm.Sent);

        fsm.Feed(ManualStop);

        Assert.Equal([Idle, Connect, OpenSent, OpenConfirm, Established, Idle], fsm.Path);
        Assert.Equal("NOTIFICATION 6/2", fsm.Sent[^1]);
        Assert.True(fsm.RoutesDeleted);
        Assert.False(fsm.TcpOpen);
        Assert.False(fsm.HasResources);
        Assert.Empty(fsm.Timers);
        Assert.Equal(0, fsm.ConnectRetryCounter);
    }

    [Fact]
    public void PassiveOpen_IdleActiveOpenSentOpenConfirmEstablished_NeverInitiatesTcp()
    {
        var fsm = new FsmDriver(new FsmConfig());

        fsm.Feed(ManualStartWithPassiveTcpEstablishment);
        Assert.False(fsm.TcpOpen);
        fsm.Feed(TcpConnectionConfirmed);
        fsm.Feed(BgpOpen, Hold90);
        fsm.Feed(KeepAliveMsg);

        Assert.Equal([Idle, Active, OpenSent, OpenConfirm, Established], fsm.Path);
        Assert.Equal(["OPEN", "KEEPALIVE"], fsm.Sent);
    }

    [Fact]
    public void DelayOpen_PeerOpensFirst_WeAnswerOpenAndKeepalive_AndSkipOpenSent()
    {
        var fsm = new FsmDriver(new FsmConfig { DelayOpen = true });

        fsm.Feed(ManualStart);
        fsm.Feed(TcpCrAcked);
        Assert.Equal(Connect, fsm.State);
        Assert.True(fsm.DelayOpenTimerRunning);
        Assert.Empty(fsm.Sent);

        fsm.Feed(BgpOpenWithDelayOpenTimerRunning, Hold90);
        Assert.False(fsm.DelayOpenTimerRunning);
        fsm.Feed(KeepAliveMsg);

        Assert.Equal([Idle, Connect, OpenConfirm, Established], fsm.Path);
        Assert.Equal(["OPEN", "KEEPALIVE"], fsm.Sent);
    }

    [Fact]
    public void DelayOpen_TimerExpires_WeSendOpen_AndWaitInOpenSent()
    {
        var fsm = new FsmDriver(new FsmConfig { DelayOpen = true });

        fsm.Feed(ManualStartWithPassiveTcpEstablishment);
        fsm.Feed(TcpConnectionConfirmed);
        Assert.Equal(Active, fsm.State);
        fsm.Feed(DelayOpenTimerExpires);

        Assert.Equal([Idle, Active, OpenSent], fsm.Path);
        Assert.Equal(["OPEN"], fsm.Sent);
        Assert.Equal(TimeSpan.FromMinutes(4), fsm.Timers["Hold"]);
    }

    [Fact]
    public void ConnectionRefused_ThenRetryTimer_ThenPeerConnects_ReachesEstablished()
    {
        var fsm = new FsmDriver(new FsmConfig { DelayOpen = true });

        fsm.Feed(ManualStart);
        fsm.Feed(TcpCrAcked);                 // DelayOpenTimer starts
        fsm.Feed(TcpConnectionFails);         // with it running: Connect -> Active
        Assert.Equal(Active, fsm.State);
        fsm.Feed(ConnectRetryTimerExpires);   // Active -> Connect, try again
        fsm.Feed(TcpCrAcked);
        fsm.Feed(DelayOpenTimerExpires);
        fsm.Feed(BgpOpen, Hold90);
        fsm.Feed(KeepAliveMsg);

        Assert.Equal([Idle, Connect, Active, Connect, OpenSent, OpenConfirm, Established], fsm.Path);
    }

    [Fact]
    public void HoldTimeZero_EstablishedWithoutHoldOrKeepaliveTimers()
    {
        var fsm = new FsmDriver(new FsmConfig());

        fsm.Feed(ManualStart);
        fsm.Feed(TcpCrAcked);
        fsm.Feed(BgpOpen, TimeSpan.Zero);
        fsm.Feed(KeepAliveMsg);
        fsm.Feed(UpdateMsg);

        Assert.Equal(Established, fsm.State);
        Assert.False(fsm.Timers.ContainsKey("Hold"));
        Assert.False(fsm.Timers.ContainsKey("Keepalive"));
    }

    [Fact]
    public void Established_HoldTimerExpires_SendsNotification4_0_CountsTheFailure_AndDeletesRoutes()
    {
        var fsm = new FsmDriver(new FsmConfig());
        fsm.Feed(ManualStart);
        fsm.Feed(TcpCrAcked);
        fsm.Feed(BgpOpen, Hold90);
        fsm.Feed(KeepAliveMsg);

        fsm.Feed(HoldTimerExpires);

        Assert.Equal(Idle, fsm.State);
        Assert.Equal("NOTIFICATION 4/0", fsm.Sent[^1]);
        Assert.Equal(1, fsm.ConnectRetryCounter);
        Assert.True(fsm.RoutesDeleted);
        Assert.Empty(fsm.Timers);
    }

    [Fact]
    public void OpenSent_TcpFails_FallsBackToActive_WithOnlyTheConnectRetryTimerRunning()
    {
        var fsm = new FsmDriver(new FsmConfig());
        fsm.Feed(ManualStart);
        fsm.Feed(TcpCrAcked);

        fsm.Feed(TcpConnectionFails);

        Assert.Equal(Active, fsm.State);
        Assert.Equal(["ConnectRetry"], fsm.Timers.Keys);
    }
}
