using System.IO.Pipelines;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Xunit;
using static Bgp.Speaker.Tests.Sessions.SessionTestKit;

namespace Bgp.Speaker.Tests.Sessions;

/// <summary>Whole sessions over in-memory pipes, with fake time.</summary>
public sealed class PeerSessionTests
{
    private const uint AsA = 65001;
    private static readonly LocalSpeaker SpeakerA = new(AsA, IPAddress.Parse("10.0.0.1"));
    private static readonly LocalSpeaker SpeakerB = new(ScriptedPeer.DefaultAs, IPAddress.Parse("10.0.0.2"));
    private static readonly TimeSpan Keepalive = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TwoSessions_ActiveAndPassive_ReachEstablished_AndStayUpForHours()
    {
        var time = NewTime();
        PeerSession? b = null;
        var sinkA = new RecordingSink();
        await using var a = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), SpeakerA, new SessionConnector(() => b!), time, sinkA);
        await using var bSession = NewSession(Peer(AsA, ConnectionMode.Passive, "127.0.0.1"), SpeakerB, new SessionConnector(() => a), time);
        b = bSession;

        b.Start();
        await WaitUntilAsync(() => b.GetStatus().State == SessionState.Active, "B listening");
        a.Start();
        await WaitUntilAsync(() => a.GetStatus().State == SessionState.Established && b.GetStatus().State == SessionState.Established, "both Established");
        Assert.Equal(1, sinkA.Established);
        Assert.Equal(TimeSpan.FromSeconds(90), a.GetStatus().NegotiatedHoldTime);
        Assert.Equal(SpeakerB.RouterId, a.GetStatus().PeerRouterId);

        const int steps = 2 * 60 * 2; // two hours of 30-second keepalive intervals
        var sentA = a.GetStatus().Sent.Keepalive;
        var sentB = b.GetStatus().Sent.Keepalive;
        for (var i = 1; i <= steps; i++)
        {
            time.Advance(Keepalive);
            await WaitUntilAsync(() =>
                a.GetStatus().Sent.Keepalive >= sentA + i && b.GetStatus().Received.Keepalive >= sentA + i &&
                b.GetStatus().Sent.Keepalive >= sentB + i && a.GetStatus().Received.Keepalive >= sentB + i,
                $"keepalives of interval {i}");
        }

        foreach (var status in new[] { a.GetStatus(), b.GetStatus() })
        {
            Assert.Equal(SessionState.Established, status.State);
            Assert.Equal(1, status.EstablishedTransitions);
            Assert.Equal(0, status.Sent.Notification + status.Received.Notification);
            Assert.Equal(sentA + steps, a.GetStatus().Sent.Keepalive);
        }

        Assert.Equal(time.GetUtcNow() - TimeSpan.FromHours(2), a.GetStatus().EstablishedSince);
    }

    [Fact]
    public async Task DelayOpen_OurOpenWaitsForThePeers_ThenOpenAndKeepaliveFollowAtOnce()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active) with { DelayOpenTime = TimeSpan.FromSeconds(5) },
            SpeakerA, connector, time);

        session.Start();
        var peer = await connector.NextPeerAsync();
        // The fake clock stands still, so the DelayOpenTimer cannot expire: nothing may arrive.
        var first = peer.ReadAsync();
        await Task.WhenAny(first, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.False(first.IsCompleted, "our OPEN went out before the peer's OPEN or the DelayOpenTimer");

        // RFC 4271 §8.2.2, Connect state, Event 20: the peer's OPEN ends the wait; we answer OPEN and KEEPALIVE.
        await peer.SendAsync(ScriptedPeer.Open());
        Assert.IsType<OpenMessage>(await first.WaitAsync(RealTimeout));
        peer.Context = new DecodeContext { FourOctetAs = true };
        await peer.ExpectAsync<KeepaliveMessage>();
        await peer.SendAsync(KeepaliveMessage.Instance);
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Established, "Established");
    }

    [Fact]
    public async Task DelayOpen_SilentPeer_OurOpenGoesOutWhenTheTimerExpires()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        var delay = TimeSpan.FromSeconds(5);
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active) with { DelayOpenTime = delay },
            SpeakerA, connector, time);

        session.Start();
        var peer = await connector.NextPeerAsync();
        var open = peer.ReadAsync();
        await Task.WhenAny(open, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.False(open.IsCompleted, "our OPEN went out before the DelayOpenTimer expired");
        // The peer stays silent; only the timer (Event 12) can send our OPEN. The session arms it on
        // its own loop, so the clock is advanced until it has been armed and has fired (bounded).
        for (var i = 0; i < 5 && !open.IsCompleted; i++)
        {
            time.Advance(delay);
            await Task.WhenAny(open, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        Assert.IsType<OpenMessage>(await open.WaitAsync(RealTimeout));
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.OpenSent, "OpenSent");
    }

    [Fact]
    public async Task SilentPeer_HoldTimerExpires_Sends4_0_GoesIdle_AndReconnectsAfterConnectRetry()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        var sink = new RecordingSink();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), SpeakerA, connector, time, sink);

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Established, "Established");

        time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(SessionState.Established, session.GetStatus().State);
        time.Advance(TimeSpan.FromSeconds(1));

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal(NotificationCode.HoldTimerExpired, notification.Code);
        Assert.Equal(0, notification.Subcode);
        Assert.Null(await peer.ReadAsync());
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Idle, "Idle");
        Assert.Equal("sent 4/0 HoldTimerExpired", session.GetStatus().LastError);
        Assert.Equal(1, sink.Down);
        Assert.Null(session.GetStatus().EstablishedSince);

        time.Advance(PeerOptions.DefaultConnectRetryTime);
        var again = await connector.NextPeerAsync();
        await again.ExpectAsync<OpenMessage>();
        Assert.Equal(2, connector.Attempts);
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.OpenSent, "OpenSent again");
    }

    public static TheoryData<string, Func<PeerOptions, PeerOptions>, OpenMessage, NotificationCode, byte, string?> RefusedOpens => new()
    {
        { "wrong AS", o => o, ScriptedPeer.Open(asNumber: 65099), NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.BadPeerAs, "FE4B" },
        { "required capability missing", o => o with { RequiredCapabilities = [CapabilityCode.AddPath] }, ScriptedPeer.Open(),
            NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.UnsupportedCapability, "4500" },
        { "iBGP with our router ID", o => o with { RemoteAs = AsA }, ScriptedPeer.Open(asNumber: AsA, id: SpeakerA.BgpIdentifier),
            NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.BadBgpIdentifier, "0A000001" },
    };

    [Theory]
    [MemberData(nameof(RefusedOpens))]
    public async Task Negotiation_Refused_SendsNotification_AndGoesIdle(string name, Func<PeerOptions, PeerOptions> configure,
        OpenMessage theirs, NotificationCode code, byte subcode, string? data)
    {
        _ = name;
        var time = NewTime();
        var connector = new ScriptedConnector();
        await using var session = NewSession(configure(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active)), SpeakerA, connector, time);

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.ExpectAsync<OpenMessage>();
        await peer.SendAsync(theirs);

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal((code, subcode), (notification.Code, notification.Subcode));
        Assert.Equal(data, Convert.ToHexString(notification.Data.Span));
        Assert.Null(await peer.ReadAsync());
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Idle, "Idle");
        Assert.StartsWith($"sent {(byte)code}/{subcode}", session.GetStatus().LastError);
    }

    private const string Marker = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

    [Theory]
    [InlineData("version 3", Marker + "001D01" + "03" + "FDEA" + "005A" + "0A000002" + "00", 2, 1, "0004")]
    [InlineData("hold time 1", Marker + "001D01" + "04" + "FDEA" + "0001" + "0A000002" + "00", 2, 6, "0001")]
    [InlineData("zero BGP identifier", Marker + "001D01" + "04" + "FDEA" + "005A" + "00000000" + "00", 2, 3, "00000000")]
    [InlineData("broken marker", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00" + "001D01" + "04" + "FDEA" + "005A" + "0A000002" + "00", 1, 1, "")]
    [InlineData("length beyond 4096", Marker + "100101", 1, 2, "1001")]
    [InlineData("unknown message type", Marker + "001309", 1, 3, "09")]
    public async Task MalformedOpen_FromScriptedPeer_GetsTheExactNotification_AndSessionGoesIdle(
        string name, string hex, byte code, byte subcode, string data)
    {
        _ = name;
        var time = NewTime();
        var connector = new ScriptedConnector();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), SpeakerA, connector, time);

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.ExpectAsync<OpenMessage>();
        await peer.SendRawAsync(Convert.FromHexString(hex));

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal((code, subcode), ((byte)notification.Code, notification.Subcode));
        Assert.Equal(data, Convert.ToHexString(notification.Data.Span));
        Assert.Null(await peer.ReadAsync());
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Idle, "Idle");
    }

    [Fact]
    public async Task Collision_BothConnectAtOnce_OneConnectionSurvives_InitiatedByTheHigherId_LoserGets6_7()
    {
        var time = NewTime();
        var rendezvous = new Rendezvous();
        PeerSession? b = null;
        await using var a = NewSession(Peer(ScriptedPeer.DefaultAs), SpeakerA, new SessionConnector(() => b!, rendezvous), time);
        await using var bSession = NewSession(Peer(AsA, address: "127.0.0.1"), SpeakerB, new SessionConnector(() => a, rendezvous), time);
        b = bSession;

        a.Start();
        b.Start();
        for (var round = 0; round < 5; round++)
        {
            // If a NOTIFICATION raced the second connection and both went Idle, they retry together.
            try
            {
                await WaitUntilAsync(() => a.GetStatus().State == SessionState.Established && b.GetStatus().State == SessionState.Established &&
                    a.ConnectionCount == 1 && b.ConnectionCount == 1, "both Established on one connection");
                break;
            }
            catch (Xunit.Sdk.FailException) when (round < 4)
            {
                time.Advance(PeerOptions.DefaultConnectRetryTime);
            }
        }

        // 10.0.0.2 > 10.0.0.1: the connection B initiated survives (RFC 4271 §6.8).
        Assert.False(a.EstablishedOnOutgoingConnection);
        Assert.True(b.EstablishedOnOutgoingConnection);
        // The losing connection was closed with a NOTIFICATION, and the only error either side
        // records is the collision's 6/7 (which side records it depends on which OPEN arrived first).
        Assert.True(a.GetStatus().Sent.Notification + b.GetStatus().Sent.Notification >= 1, "a NOTIFICATION closed the losing connection");
        Assert.All(new[] { a.GetStatus().LastError, b.GetStatus().LastError },
            e => Assert.True(e is null || e.Contains("6/7 Cease/ConnectionCollisionResolution", StringComparison.Ordinal), e));

        // Ten keepalive intervals, each one waited for on both sides (a fake clock advanced faster
        // than the loops handle the timer would merge two intervals into one KEEPALIVE).
        for (var i = 1; i <= 10; i++)
        {
            var (aSeen, bSeen) = (a.GetStatus().Received.Keepalive, b.GetStatus().Received.Keepalive);
            time.Advance(Keepalive);
            await WaitUntilAsync(() => a.GetStatus().Received.Keepalive > aSeen && b.GetStatus().Received.Keepalive > bSeen, $"keepalive {i}");
        }

        Assert.Equal(SessionState.Established, a.GetStatus().State);
        Assert.Equal(SessionState.Established, b.GetStatus().State);
        Assert.Equal(1, a.GetStatus().EstablishedTransitions);
        Assert.Equal(1, b.GetStatus().EstablishedTransitions);
    }

    [Fact]
    public async Task StopAsync_SendsCease6_2_WithShutdownCommunication_AndStaysIdle()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), SpeakerA, connector, time);
        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Established, "Established");

        await session.StopAsync(CeaseSubcode.AdministrativeShutdown, "maintenance window").AsTask().WaitAsync(RealTimeout);

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), (notification.Code, notification.Subcode));
        Assert.True(notification.TryGetShutdownCommunication(out var text));
        Assert.Equal("maintenance window", text);
        Assert.Null(await peer.ReadAsync());
        Assert.Equal(SessionState.Idle, session.GetStatus().State);
        Assert.Equal("sent 6/2 Cease/AdministrativeShutdown 'maintenance window'", session.GetStatus().LastError);

        time.Advance(TimeSpan.FromMinutes(10));
        await Task.Delay(50);
        Assert.Equal(1, connector.Attempts);
        Assert.Equal(SessionState.Idle, session.GetStatus().State);
    }

    [Fact]
    public async Task PeerThatNeverReads_SendHoldTimerExpires_Sends8_0_AndSessionGoesDown()
    {
        var time = NewTime();
        const int pauseAt = 256;
        var connector = new ScriptedConnector(new PipeOptions(pauseWriterThreshold: pauseAt, resumeWriterThreshold: pauseAt / 2));
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), SpeakerA, connector, time);
        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Established, "Established");

        // The peer keeps sending KEEPALIVEs (so our hold timer is happy) but never reads again.
        for (var i = 0; i < 80 && session.GetStatus().State == SessionState.Established; i++)
        {
            await peer.SendAsync(KeepaliveMessage.Instance);
            var received = i + 1;
            await WaitUntilAsync(() => session.GetStatus().Received.Keepalive >= received + 1, "our side read the peer's KEEPALIVE");
            time.Advance(Keepalive);
            await Task.Delay(2);
        }

        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Idle, "Idle after the send hold timer");
        Assert.Equal("sent 8/0 SendHoldTimerExpired", session.GetStatus().LastError);

        // RFC 9687 §3: 8 minutes without progress, plus the ~7 minutes of KEEPALIVEs that filled the pipe.
        Assert.InRange(time.GetUtcNow() - NewTime().GetUtcNow(), TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(20));
    }

    [Fact]
    public async Task MaxPrefixes_Exceeded_SendsCease6_1_WithAfiSafiAndLimit()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        var sink = new RecordingSink();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active) with { MaxPrefixes = 2 }, SpeakerA, connector, time, sink);
        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Established, "Established");

        // ORIGIN IGP, AS_PATH [65002] (4-octet), NEXT_HOP 192.0.2.1; NLRI 10.0.1.0/24, 10.0.2.0/24.
        const string attributes = "40010100" + "40020602010000FDEA" + "400304C0000201";
        const string header = Marker + "{0}02" + "0000" + "0014" + attributes;
        await peer.SendRawAsync(Convert.FromHexString(string.Format(null, header, "0033") + "180A0001" + "180A0002"));
        await WaitUntilAsync(() => sink.Updates == 1, "first UPDATE processed");

        // Re-announcing a prefix does not count twice; a third prefix crosses the limit.
        await peer.SendRawAsync(Convert.FromHexString(string.Format(null, header, "002F") + "180A0001"));
        await peer.SendRawAsync(Convert.FromHexString(string.Format(null, header, "002F") + "180A0003"));

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.MaximumNumberOfPrefixesReached), (notification.Code, notification.Subcode));
        Assert.Equal("0001" + "01" + "00000002", Convert.ToHexString(notification.Data.Span));
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Idle, "Idle");
        Assert.Equal(3, sink.Updates);
        Assert.Equal(1, sink.Down);

        // An automatic stop restarts after ConnectRetryTime.
        time.Advance(PeerOptions.DefaultConnectRetryTime);
        await (await connector.NextPeerAsync()).ExpectAsync<OpenMessage>();
    }

    [Fact]
    public async Task CoalescedAndSplitReads_OpenKeepaliveUpdateInOneWrite_ThenAnUpdateByteByByte()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        var sink = new RecordingSink();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), SpeakerA, connector, time, sink);
        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.ExpectAsync<OpenMessage>();

        // The UPDATE's AS_PATH is 4-octet: it decodes only with the context the OPEN negotiates.
        const string update = Marker + "002F02" + "0000" + "0014" + "40010100" + "40020602010000FDEA" + "400304C0000201" + "180A0001";
        var open = BgpMessageWriter.ToArray(ScriptedPeer.Open(), default);
        var keepalive = BgpMessageWriter.ToArray(KeepaliveMessage.Instance, default);
        await peer.SendRawAsync([.. open, .. keepalive, .. Convert.FromHexString(update)]);

        await WaitUntilAsync(() => sink.Updates == 1, "UPDATE after OPEN and KEEPALIVE in one segment");
        Assert.Equal(SessionState.Established, session.GetStatus().State);

        foreach (var octet in Convert.FromHexString(update))
        {
            await peer.SendRawAsync([octet]);
        }

        await WaitUntilAsync(() => sink.Updates == 2, "UPDATE split into single octets");
        Assert.Equal(SessionState.Established, session.GetStatus().State);
        Assert.Equal(2, session.GetStatus().Received.Update);
    }
}
