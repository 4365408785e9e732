using Bgp.Speaker.Fsm;
using Xunit;
using static Bgp.Speaker.Fsm.FsmEvent;
using static Bgp.Speaker.Fsm.SessionState;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>
/// RFC 4271 §8.2.2 (plus RFC 6608 and RFC 9687) as a table: one row per (state, event) pair,
/// with the default <see cref="FsmConfig"/> (no optional attribute set), a negotiated hold time
/// of 90 s and the DelayOpenTimer not running. Rows that depend on an optional attribute or on
/// event data are in <see cref="FsmOptionTests"/>.
/// </summary>
public sealed class FsmTableTests
{
    // The tail of most error arms: "sets the ConnectRetryTimer to zero, releases all BGP
    // resources, drops the TCP connection, increments the ConnectRetryCounter by 1".
    private const string Tail = "StopConnectRetryTimer ReleaseResources DropTcpConnection IncrementConnectRetryCounter";
    private const string TailDeletingRoutes =
        "StopConnectRetryTimer DeleteAllRoutes ReleaseResources DropTcpConnection IncrementConnectRetryCounter";

    // "sends an OPEN message to its peer, sets the HoldTimer to a large value" (+ RFC 9687 SendHoldTimer).
    private const string SendsOpen = "SendOpen StartSendHoldTimer(480s) StartHoldTimer(240s)";
    private const string OpenWhileDelayingOpen = "StopConnectRetryTimer CompleteInitialization StopDelayOpenTimer "
        + "SendOpen StartSendHoldTimer(480s) SendKeepalive StartKeepaliveTimer(30s) StartHoldTimer(90s)";
    private const string Start = "InitializeResources ZeroConnectRetryCounter StartConnectRetryTimer(120s)";

    internal static readonly (SessionState State, FsmEvent Event, SessionState Next, string Actions)[] Table =
    [
        // Idle
        (Idle, ManualStart, Connect, Start + " InitiateTcpConnection ListenForTcpConnection"),
        (Idle, ManualStop, Idle, ""),
        (Idle, AutomaticStart, Connect, Start + " InitiateTcpConnection ListenForTcpConnection"),
        (Idle, ManualStartWithPassiveTcpEstablishment, Active, Start + " ListenForTcpConnection"),
        (Idle, AutomaticStartWithPassiveTcpEstablishment, Active, Start + " ListenForTcpConnection"),
        (Idle, AutomaticStartWithDampPeerOscillations, Connect, Start + " InitiateTcpConnection ListenForTcpConnection"),
        (Idle, AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, Active, Start + " ListenForTcpConnection"),
        (Idle, AutomaticStop, Idle, ""),
        (Idle, ConnectRetryTimerExpires, Idle, ""),
        (Idle, HoldTimerExpires, Idle, ""),
        (Idle, KeepaliveTimerExpires, Idle, ""),
        (Idle, DelayOpenTimerExpires, Idle, ""),
        (Idle, IdleHoldTimerExpires, Idle, ""),
        (Idle, TcpConnectionValid, Idle, ""),
        (Idle, TcpCrInvalid, Idle, ""),
        (Idle, TcpCrAcked, Idle, ""),
        (Idle, TcpConnectionConfirmed, Idle, ""),
        (Idle, TcpConnectionFails, Idle, ""),
        (Idle, BgpOpen, Idle, ""),
        (Idle, BgpOpenWithDelayOpenTimerRunning, Idle, ""),
        (Idle, BgpHeaderErr, Idle, ""),
        (Idle, BgpOpenMsgErr, Idle, ""),
        (Idle, OpenCollisionDump, Idle, ""),
        (Idle, NotifMsgVerErr, Idle, ""),
        (Idle, NotifMsg, Idle, ""),
        (Idle, KeepAliveMsg, Idle, ""),
        (Idle, UpdateMsg, Idle, ""),
        (Idle, UpdateMsgErr, Idle, ""),
        (Idle, SendHoldTimerExpires, Idle, ""),

        // Connect
        (Connect, ManualStart, Connect, ""),
        (Connect, ManualStop, Idle, "DropTcpConnection ReleaseResources ZeroConnectRetryCounter StopConnectRetryTimer"),
        (Connect, AutomaticStart, Connect, ""),
        (Connect, ManualStartWithPassiveTcpEstablishment, Connect, ""),
        (Connect, AutomaticStartWithPassiveTcpEstablishment, Connect, ""),
        (Connect, AutomaticStartWithDampPeerOscillations, Connect, ""),
        (Connect, AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, Connect, ""),
        (Connect, AutomaticStop, Idle, Tail),
        (Connect, ConnectRetryTimerExpires, Connect,
            "DropTcpConnection RestartConnectRetryTimer(120s) StopDelayOpenTimer InitiateTcpConnection"),
        (Connect, HoldTimerExpires, Idle, Tail),
        (Connect, KeepaliveTimerExpires, Idle, Tail),
        (Connect, DelayOpenTimerExpires, OpenSent, SendsOpen),
        (Connect, IdleHoldTimerExpires, Idle, Tail),
        (Connect, TcpConnectionValid, Connect, "AcceptTcpConnection"),
        (Connect, TcpCrInvalid, Connect, "RejectTcpConnection"),
        (Connect, TcpCrAcked, OpenSent, "StopConnectRetryTimer CompleteInitialization " + SendsOpen),
        (Connect, TcpConnectionConfirmed, OpenSent, "StopConnectRetryTimer CompleteInitialization " + SendsOpen),
        (Connect, TcpConnectionFails, Idle, "StopConnectRetryTimer DropTcpConnection ReleaseResources"),
        (Connect, BgpOpen, Idle, Tail),
        (Connect, BgpOpenWithDelayOpenTimerRunning, OpenConfirm, OpenWhileDelayingOpen),
        (Connect, BgpHeaderErr, Idle, Tail),
        (Connect, BgpOpenMsgErr, Idle, Tail),
        (Connect, OpenCollisionDump, Idle, Tail),
        (Connect, NotifMsgVerErr, Idle, Tail),
        (Connect, NotifMsg, Idle, Tail),
        (Connect, KeepAliveMsg, Idle, Tail),
        (Connect, UpdateMsg, Idle, Tail),
        (Connect, UpdateMsgErr, Idle, Tail),
        (Connect, SendHoldTimerExpires, Idle, Tail),

        // Active
        (Active, ManualStart, Active, ""),
        (Active, ManualStop, Idle, "ReleaseResources DropTcpConnection ZeroConnectRetryCounter StopConnectRetryTimer"),
        (Active, AutomaticStart, Active, ""),
        (Active, ManualStartWithPassiveTcpEstablishment, Active, ""),
        (Active, AutomaticStartWithPassiveTcpEstablishment, Active, ""),
        (Active, AutomaticStartWithDampPeerOscillations, Active, ""),
        (Active, AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, Active, ""),
        (Active, AutomaticStop, Idle, Tail),
        (Active, ConnectRetryTimerExpires, Connect, "RestartConnectRetryTimer(120s) InitiateTcpConnection"),
        (Active, HoldTimerExpires, Idle, Tail),
        (Active, KeepaliveTimerExpires, Idle, Tail),
        (Active, DelayOpenTimerExpires, OpenSent,
            "StopConnectRetryTimer StopDelayOpenTimer CompleteInitialization " + SendsOpen),
        (Active, IdleHoldTimerExpires, Idle, Tail),
        (Active, TcpConnectionValid, Active, "AcceptTcpConnection"),
        (Active, TcpCrInvalid, Active, "RejectTcpConnection"),
        (Active, TcpCrAcked, OpenSent, "StopConnectRetryTimer CompleteInitialization " + SendsOpen),
        (Active, TcpConnectionConfirmed, OpenSent, "StopConnectRetryTimer CompleteInitialization " + SendsOpen),
        (Active, TcpConnectionFails, Idle,
            "RestartConnectRetryTimer(120s) StopDelayOpenTimer ReleaseResources IncrementConnectRetryCounter"),
        (Active, BgpOpen, Idle, Tail),
        (Active, BgpOpenWithDelayOpenTimerRunning, OpenConfirm, OpenWhileDelayingOpen),
        (Active, BgpHeaderErr, Idle, Tail),
        (Active, BgpOpenMsgErr, Idle, Tail),
        (Active, OpenCollisionDump, Idle, Tail),
        (Active, NotifMsgVerErr, Idle, Tail),
        (Active, NotifMsg, Idle, Tail),
        (Active, KeepAliveMsg, Idle, Tail),
        (Active, UpdateMsg, Idle, Tail),
        (Active, UpdateMsgErr, Idle, Tail),
        (Active, SendHoldTimerExpires, Idle, Tail),

        // OpenSent
        (OpenSent, ManualStart, OpenSent, ""),
        (OpenSent, ManualStop, Idle,
            "SendNotification(6/2) StopConnectRetryTimer ReleaseResources DropTcpConnection ZeroConnectRetryCounter"),
        (OpenSent, AutomaticStart, OpenSent, ""),
        (OpenSent, ManualStartWithPassiveTcpEstablishment, OpenSent, ""),
        (OpenSent, AutomaticStartWithPassiveTcpEstablishment, OpenSent, ""),
        (OpenSent, AutomaticStartWithDampPeerOscillations, OpenSent, ""),
        (OpenSent, AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, OpenSent, ""),
        (OpenSent, AutomaticStop, Idle, "SendNotification(6/0) " + Tail),
        (OpenSent, ConnectRetryTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenSent, HoldTimerExpires, Idle, "SendNotification(4/0) " + Tail),
        (OpenSent, KeepaliveTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenSent, DelayOpenTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenSent, IdleHoldTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenSent, TcpConnectionValid, OpenSent, "TrackSecondConnection"),
        (OpenSent, TcpCrInvalid, OpenSent, ""),
        (OpenSent, TcpCrAcked, OpenSent, "TrackSecondConnection"),
        (OpenSent, TcpConnectionConfirmed, OpenSent, "TrackSecondConnection"),
        (OpenSent, TcpConnectionFails, Active,
            "DropTcpConnection StopHoldTimer StopSendHoldTimer RestartConnectRetryTimer(120s)"),
        (OpenSent, BgpOpen, OpenConfirm, "DetectCollision StopDelayOpenTimer StopConnectRetryTimer SendKeepalive "
            + "StartKeepaliveTimer(30s) StartHoldTimer(90s)"),
        (OpenSent, BgpOpenWithDelayOpenTimerRunning, Idle, "SendNotification(5/1) " + Tail),
        (OpenSent, BgpHeaderErr, Idle, "SendNotification(1/0) " + Tail),
        (OpenSent, BgpOpenMsgErr, Idle, "SendNotification(2/0) " + Tail),
        (OpenSent, OpenCollisionDump, Idle, "SendNotification(6/7) " + Tail),
        (OpenSent, NotifMsgVerErr, Idle, "StopConnectRetryTimer ReleaseResources DropTcpConnection"),
        (OpenSent, NotifMsg, Idle, "SendNotification(5/1) " + Tail),
        (OpenSent, KeepAliveMsg, Idle, "SendNotification(5/1) " + Tail),
        (OpenSent, UpdateMsg, Idle, "SendNotification(5/1) " + Tail),
        (OpenSent, UpdateMsgErr, Idle, "SendNotification(5/1) " + Tail),
        (OpenSent, SendHoldTimerExpires, Idle, "SendNotification(8/0) " + Tail),

        // OpenConfirm
        (OpenConfirm, ManualStart, OpenConfirm, ""),
        (OpenConfirm, ManualStop, Idle,
            "SendNotification(6/2) ReleaseResources DropTcpConnection ZeroConnectRetryCounter StopConnectRetryTimer"),
        (OpenConfirm, AutomaticStart, OpenConfirm, ""),
        (OpenConfirm, ManualStartWithPassiveTcpEstablishment, OpenConfirm, ""),
        (OpenConfirm, AutomaticStartWithPassiveTcpEstablishment, OpenConfirm, ""),
        (OpenConfirm, AutomaticStartWithDampPeerOscillations, OpenConfirm, ""),
        (OpenConfirm, AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, OpenConfirm, ""),
        (OpenConfirm, AutomaticStop, Idle, "SendNotification(6/0) " + Tail),
        (OpenConfirm, ConnectRetryTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenConfirm, HoldTimerExpires, Idle, "SendNotification(4/0) " + Tail),
        (OpenConfirm, KeepaliveTimerExpires, OpenConfirm, "SendKeepalive RestartKeepaliveTimer"),
        (OpenConfirm, DelayOpenTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenConfirm, IdleHoldTimerExpires, Idle, "SendNotification(5/0) " + Tail),
        (OpenConfirm, TcpConnectionValid, OpenConfirm, "TrackSecondConnection"),
        (OpenConfirm, TcpCrInvalid, OpenConfirm, ""),
        (OpenConfirm, TcpCrAcked, OpenConfirm, "TrackSecondConnection"),
        (OpenConfirm, TcpConnectionConfirmed, OpenConfirm, "TrackSecondConnection"),
        (OpenConfirm, TcpConnectionFails, Idle, Tail),
        (OpenConfirm, BgpOpen, OpenConfirm, "DetectCollision"),
        (OpenConfirm, BgpOpenWithDelayOpenTimerRunning, Idle, "SendNotification(5/2) " + Tail),
        (OpenConfirm, BgpHeaderErr, Idle, "SendNotification(1/0) " + Tail),
        (OpenConfirm, BgpOpenMsgErr, Idle, "SendNotification(2/0) " + Tail),
        (OpenConfirm, OpenCollisionDump, Idle, "SendNotification(6/7) " + Tail),
        (OpenConfirm, NotifMsgVerErr, Idle, "StopConnectRetryTimer ReleaseResources DropTcpConnection"),
        (OpenConfirm, NotifMsg, Idle, Tail),
        (OpenConfirm, KeepAliveMsg, Established, "RestartHoldTimer"),
        (OpenConfirm, UpdateMsg, Idle, "SendNotification(5/2) " + Tail),
        (OpenConfirm, UpdateMsgErr, Idle, "SendNotification(5/2) " + Tail),
        (OpenConfirm, SendHoldTimerExpires, Idle, "SendNotification(8/0) " + Tail),

        // Established
        (Established, ManualStart, Established, ""),
        (Established, ManualStop, Idle, "SendNotification(6/2) StopConnectRetryTimer DeleteAllRoutes "
            + "ReleaseResources DropTcpConnection ZeroConnectRetryCounter"),
        (Established, AutomaticStart, Established, ""),
        (Established, ManualStartWithPassiveTcpEstablishment, Established, ""),
        (Established, AutomaticStartWithPassiveTcpEstablishment, Established, ""),
        (Established, AutomaticStartWithDampPeerOscillations, Established, ""),
        (Established, AutomaticStartWithDampPeerOscillationsAndPassiveTcpEstablishment, Established, ""),
        (Established, AutomaticStop, Idle, "SendNotification(6/0) " + TailDeletingRoutes),
        (Established, ConnectRetryTimerExpires, Idle, "SendNotification(5/0) " + TailDeletingRoutes),
        (Established, HoldTimerExpires, Idle, "SendNotification(4/0) " + TailDeletingRoutes),
        (Established, KeepaliveTimerExpires, Established, "SendKeepalive RestartKeepaliveTimer"),
        (Established, DelayOpenTimerExpires, Idle, "SendNotification(5/0) " + TailDeletingRoutes),
        (Established, IdleHoldTimerExpires, Idle, "SendNotification(5/0) " + TailDeletingRoutes),
        (Established, TcpConnectionValid, Established, "TrackSecondConnection"),
        (Established, TcpCrInvalid, Established, ""),
        (Established, TcpCrAcked, Established, "TrackSecondConnection"),
        (Established, TcpConnectionConfirmed, Established, "TrackSecondConnection"),
        (Established, TcpConnectionFails, Idle, TailDeletingRoutes),
        (Established, BgpOpen, Established, ""),
        (Established, BgpOpenWithDelayOpenTimerRunning, Idle, "SendNotification(5/3) " + TailDeletingRoutes),
        (Established, BgpHeaderErr, Idle, "SendNotification(1/0) " + TailDeletingRoutes),
        (Established, BgpOpenMsgErr, Idle, "SendNotification(5/3) " + TailDeletingRoutes),
        (Established, OpenCollisionDump, Established, ""),
        (Established, NotifMsgVerErr, Idle, TailDeletingRoutes),
        (Established, NotifMsg, Idle, TailDeletingRoutes),
        (Established, KeepAliveMsg, Established, "RestartHoldTimer"),
        (Established, UpdateMsg, Established, "ProcessUpdate RestartHoldTimer"),
        (Established, UpdateMsgErr, Idle, "SendNotification(3/0) " + TailDeletingRoutes),
        (Established, SendHoldTimerExpires, Idle, "SendNotification(8/0) " + TailDeletingRoutes),
    ];

    private static readonly FsmConfig DefaultConfig = new();

    public static TheoryData<FsmRow> Rows
    {
        get
        {
            var rows = new TheoryData<FsmRow>();
            foreach (var (state, fsmEvent, next, actions) in Table)
            {
                rows.Add(new FsmRow(state, fsmEvent, next, actions));
            }

            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Transition(FsmRow row)
    {
        var input = new FsmInput(row.Event) { NegotiatedHoldTime = TimeSpan.FromSeconds(90) };

        var transition = BgpFsm.Handle(row.State, input, DefaultConfig);

        Assert.Equal(row.Actions, FsmText.Actions(transition));
        Assert.True(row.Next == transition.NextState, $"{row}: went to {transition.NextState}");
    }

    [Fact]
    public void Table_HasExactlyOneRowPerStateAndEvent()
    {
        var expected = Enum.GetValues<SessionState>().Length * Enum.GetValues<FsmEvent>().Length;

        var distinct = Table.Select(r => (r.State, r.Event)).Distinct().Count();

        Assert.Equal(6 * 29, expected);
        Assert.Equal(expected, Table.Length);
        Assert.Equal(expected, distinct);
    }
}
