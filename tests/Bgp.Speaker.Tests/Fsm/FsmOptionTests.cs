using Bgp.Protocol.Iana;
using Bgp.Speaker.Fsm;
using Xunit;
using static Bgp.Speaker.Fsm.FsmEvent;
using static Bgp.Speaker.Fsm.SessionState;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>
/// The arms of RFC 4271 §8.2.2 that branch on an optional session attribute (§8.1.1), on the
/// DelayOpenTimer, on the negotiated hold time, or on the NOTIFICATION the session reports.
/// </summary>
public sealed class FsmOptionTests
{
    private const string Tail = "StopConnectRetryTimer ReleaseResources DropTcpConnection IncrementConnectRetryCounter";
    private const string TailDeletingRoutes =
        "StopConnectRetryTimer DeleteAllRoutes ReleaseResources DropTcpConnection IncrementConnectRetryCounter";

    private static readonly TimeSpan Hold90 = TimeSpan.FromSeconds(90);

    private static FsmTransition Handle(SessionState state, FsmInput input, FsmConfig config) =>
        BgpFsm.Handle(state, input, config);

    private static void AssertTransition(FsmTransition transition, SessionState expectedNext, string expectedActions)
    {
        Assert.Equal(expectedActions, FsmText.Actions(transition));
        Assert.Equal(expectedNext, transition.NextState);
    }

    [Theory]
    [InlineData(ManualStart)]
    [InlineData(AutomaticStart)]
    [InlineData(AutomaticStartWithDampPeerOscillations)]
    public void Idle_StartWithPassiveTcpEstablishment_OnlyListens_AndGoesToActive(FsmEvent start)
    {
        var config = new FsmConfig { PassiveTcpEstablishment = true };

        AssertTransition(Handle(Idle, start, config), Active,
            "InitializeResources ZeroConnectRetryCounter StartConnectRetryTimer(120s) ListenForTcpConnection");
    }

    [Fact]
    public void Idle_ManualStart_UsesConfiguredConnectRetryTime()
    {
        var config = new FsmConfig { ConnectRetryTime = TimeSpan.FromSeconds(30) };

        var transition = Handle(Idle, ManualStart, config);

        Assert.Equal(FsmAction.Timer(FsmActionKind.StartConnectRetryTimer, TimeSpan.FromSeconds(30)), transition.Actions[2]);
    }

    [Theory]
    [InlineData(Connect, TcpCrAcked)]
    [InlineData(Connect, TcpConnectionConfirmed)]
    [InlineData(Active, TcpCrAcked)]
    [InlineData(Active, TcpConnectionConfirmed)]
    public void TcpUp_WithDelayOpen_StartsDelayOpenTimer_AndStays(SessionState state, FsmEvent tcpUp)
    {
        var config = new FsmConfig { DelayOpen = true, DelayOpenTime = TimeSpan.FromSeconds(7) };

        AssertTransition(Handle(state, tcpUp, config), state, "StopConnectRetryTimer StartDelayOpenTimer(7s)");
    }

    [Fact]
    public void Connect_TcpConnectionFails_WithDelayOpenTimerRunning_KeepsListening_AndGoesToActive()
    {
        var input = new FsmInput(TcpConnectionFails) { DelayOpenTimerRunning = true };

        AssertTransition(Handle(Connect, input, new FsmConfig()), Active, "RestartConnectRetryTimer(120s) StopDelayOpenTimer");
    }

    [Theory]
    [InlineData(Connect)]
    [InlineData(Active)]
    public void NotifMsgVerErr_WithDelayOpenTimerRunning_GoesIdle_WithoutCountingTheAttempt(SessionState state)
    {
        var input = new FsmInput(NotifMsgVerErr) { DelayOpenTimerRunning = true };

        AssertTransition(Handle(state, input, new FsmConfig()), Idle,
            "StopConnectRetryTimer StopDelayOpenTimer ReleaseResources DropTcpConnection");
    }

    [Fact]
    public void Connect_AnyOtherEvent_WithDelayOpenTimerRunning_StopsIt_AndGoesIdle()
    {
        var input = new FsmInput(KeepAliveMsg) { DelayOpenTimerRunning = true };

        AssertTransition(Handle(Connect, input, new FsmConfig()), Idle,
            "StopConnectRetryTimer StopDelayOpenTimer ReleaseResources DropTcpConnection IncrementConnectRetryCounter");
    }

    [Theory]
    [InlineData(Connect, BgpHeaderErr, 1, 2)]
    [InlineData(Connect, BgpOpenMsgErr, 2, 2)]
    [InlineData(Active, BgpHeaderErr, 1, 2)]
    [InlineData(Active, BgpOpenMsgErr, 2, 2)]
    public void ErrorBeforeOpen_WithSendNotificationWithoutOpen_SendsTheReportedError(SessionState state,
        FsmEvent error, byte code, byte subcode)
    {
        var config = new FsmConfig { SendNotificationWithoutOpen = true };
        var input = new FsmInput(error) { Notification = new FsmNotification((NotificationCode)code, subcode) };

        AssertTransition(Handle(state, input, config), Idle, $"SendNotification({code}/{subcode}) {Tail}");
    }

    [Fact]
    public void Active_BgpOpenMsgErr_WithSendNotificationWithoutOpen_AndNoDetail_Sends2_0()
    {
        var config = new FsmConfig { SendNotificationWithoutOpen = true };

        AssertTransition(Handle(Active, BgpOpenMsgErr, config), Idle, "SendNotification(2/0) " + Tail);
    }

    [Theory]
    [InlineData(true, true, "SendNotification(6/2) ")]
    [InlineData(true, false, "")]
    [InlineData(false, true, "")]
    public void Active_ManualStop_SendsCease_OnlyWhileDelayingOpen_WithSendNotificationWithoutOpen(
        bool delayOpenTimerRunning, bool sendNotificationWithoutOpen, string notification)
    {
        var config = new FsmConfig { SendNotificationWithoutOpen = sendNotificationWithoutOpen };
        var input = new FsmInput(ManualStop) { DelayOpenTimerRunning = delayOpenTimerRunning };

        AssertTransition(Handle(Active, input, config), Idle,
            notification + "ReleaseResources DropTcpConnection ZeroConnectRetryCounter StopConnectRetryTimer");
    }

    [Fact]
    public void OpenSent_BgpOpen_WithHoldTimeZero_StartsNoTimers_AndStopsTheLargeHoldTimer()
    {
        var input = new FsmInput(BgpOpen) { NegotiatedHoldTime = TimeSpan.Zero };

        AssertTransition(Handle(OpenSent, input, new FsmConfig()), OpenConfirm,
            "DetectCollision StopDelayOpenTimer StopConnectRetryTimer SendKeepalive StopKeepaliveTimer StopHoldTimer");
    }

    [Fact]
    public void OpenSent_BgpOpen_WithHoldTime3_KeepsAliveEverySecond()
    {
        var input = new FsmInput(BgpOpen) { NegotiatedHoldTime = TimeSpan.FromSeconds(3) };

        AssertTransition(Handle(OpenSent, input, new FsmConfig()), OpenConfirm,
            "DetectCollision StopDelayOpenTimer StopConnectRetryTimer SendKeepalive StartKeepaliveTimer(1s) StartHoldTimer(3s)");
    }

    [Theory]
    [InlineData(Connect)]
    [InlineData(Active)]
    public void BgpOpenWithDelayOpenTimerRunning_WithHoldTimeZero_StartsNoTimers(SessionState state)
    {
        var input = new FsmInput(BgpOpenWithDelayOpenTimerRunning) { NegotiatedHoldTime = TimeSpan.Zero, DelayOpenTimerRunning = true };

        AssertTransition(Handle(state, input, new FsmConfig()), OpenConfirm,
            "StopConnectRetryTimer CompleteInitialization StopDelayOpenTimer SendOpen StartSendHoldTimer(480s) "
            + "SendKeepalive StopKeepaliveTimer StopHoldTimer");
    }

    [Theory]
    [InlineData(Connect, AutomaticStop, Tail)]
    [InlineData(Active, TcpConnectionFails,
        "RestartConnectRetryTimer(120s) StopDelayOpenTimer ReleaseResources IncrementConnectRetryCounter")]
    [InlineData(OpenSent, HoldTimerExpires, "SendNotification(4/0) " + Tail)]
    [InlineData(OpenConfirm, NotifMsg, Tail)]
    [InlineData(Established, UpdateMsgErr, "SendNotification(3/0) " + TailDeletingRoutes)]
    public void WithDampPeerOscillations_ErrorArms_EndWithDamping(SessionState state, FsmEvent fsmEvent, string before)
    {
        var config = new FsmConfig { DampPeerOscillations = true };

        AssertTransition(Handle(state, fsmEvent, config), Idle, before + " PerformPeerOscillationDamping");
    }

    [Theory]
    [InlineData(TcpConnectionFails)]
    [InlineData(NotifMsgVerErr)]
    [InlineData(NotifMsg)]
    public void Established_PeerGoneOrNotified_DoesNotDamp_AsTheRfcParagraphHasNoDamping(FsmEvent fsmEvent)
    {
        var config = new FsmConfig { DampPeerOscillations = true };

        AssertTransition(Handle(Established, fsmEvent, config), Idle, TailDeletingRoutes);
    }

    [Theory]
    [InlineData(Connect, NotifMsgVerErr)]
    [InlineData(OpenSent, NotifMsgVerErr)]
    [InlineData(OpenConfirm, NotifMsgVerErr)]
    public void VersionError_NeverDamps(SessionState state, FsmEvent fsmEvent)
    {
        var config = new FsmConfig { DampPeerOscillations = true };
        var input = new FsmInput(fsmEvent) { DelayOpenTimerRunning = state == Connect };

        Assert.DoesNotContain(Handle(state, input, config).ToArray(),
            a => a.Kind == FsmActionKind.PerformPeerOscillationDamping);
    }

    [Fact]
    public void Established_BgpOpen_WithCollisionDetectEstablishedState_RunsCollisionDetection()
    {
        var config = new FsmConfig { CollisionDetectEstablishedState = true };

        AssertTransition(Handle(Established, BgpOpen, config), Established, "DetectCollision");
    }

    [Fact]
    public void Established_OpenCollisionDump_WithCollisionDetectEstablishedState_SendsCease6_7_DeletesRoutes_AndGoesIdle()
    {
        var config = new FsmConfig { CollisionDetectEstablishedState = true };

        AssertTransition(Handle(Established, OpenCollisionDump, config), Idle, "SendNotification(6/7) " + TailDeletingRoutes);
    }

    [Theory]
    [InlineData(OpenSent, "SendNotification(6/1) " + Tail)]
    [InlineData(OpenConfirm, "SendNotification(6/1) " + Tail)]
    [InlineData(Established, "SendNotification(6/1) " + TailDeletingRoutes)]
    public void AutomaticStop_WithMaximumPrefixesReason_SendsCease6_1(SessionState state, string expected)
    {
        var input = new FsmInput(AutomaticStop)
        {
            Notification = new FsmNotification(NotificationCode.Cease, (byte)CeaseSubcode.MaximumNumberOfPrefixesReached),
        };

        AssertTransition(Handle(state, input, new FsmConfig()), Idle, expected);
    }

    [Fact]
    public void OpenConfirm_ManualStop_WithAdministrativeReset_SendsCease6_4()
    {
        var input = new FsmInput(ManualStop)
        {
            Notification = new FsmNotification(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeReset),
        };

        AssertTransition(Handle(OpenConfirm, input, new FsmConfig()), Idle,
            "SendNotification(6/4) ReleaseResources DropTcpConnection ZeroConnectRetryCounter StopConnectRetryTimer");
    }

    [Theory]
    [InlineData(OpenSent, BgpOpenMsgErr, 2, 2, Tail)]
    [InlineData(OpenConfirm, BgpHeaderErr, 1, 1, Tail)]
    [InlineData(Established, BgpHeaderErr, 1, 3, TailDeletingRoutes)]
    [InlineData(Established, UpdateMsgErr, 3, 11, TailDeletingRoutes)]
    public void DetectedError_SendsTheReportedCodeAndSubcode(SessionState state, FsmEvent error, byte code, byte subcode,
        string tail)
    {
        var input = new FsmInput(error) { Notification = new FsmNotification((NotificationCode)code, subcode) };

        AssertTransition(Handle(state, input, new FsmConfig()), Idle, $"SendNotification({code}/{subcode}) {tail}");
    }

    [Fact]
    public void SendHoldTimerExpired_UsesRfc9687ErrorCode8()
    {
        Assert.Equal(8, (byte)FsmNotification.SendHoldTimerExpiredCode);
        Assert.Equal(FsmNotification.SendHoldTimerExpired,
            Handle(Established, SendHoldTimerExpires, new FsmConfig()).Actions[0].Notification);
    }

    [Fact]
    public void OpenSent_UsesConfiguredLargeHoldAndSendHoldTimes()
    {
        var config = new FsmConfig { LargeHoldTime = TimeSpan.FromSeconds(100), SendHoldTime = TimeSpan.FromSeconds(600) };

        AssertTransition(Handle(Connect, TcpCrAcked, config), OpenSent,
            "StopConnectRetryTimer CompleteInitialization SendOpen StartSendHoldTimer(600s) StartHoldTimer(100s)");
    }

    [Fact]
    public void KeepaliveTime_IsOneThirdOfTheHoldTime() =>
        Assert.Equal(TimeSpan.FromSeconds(30), FsmConfig.KeepaliveTimeFor(Hold90));
}
