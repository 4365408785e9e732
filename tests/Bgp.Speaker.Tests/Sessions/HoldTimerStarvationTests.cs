using System.IO.Pipelines;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Bgp.Speaker.Tests.Sessions.SessionTestKit;

namespace Bgp.Speaker.Tests.Sessions;

/// <summary>
/// The HoldTimer in a starved process (RFC 4271 §6.5, §8.2.2): the session's event loop is held
/// up (here: the route sink blocks it, as a long import would), the hold time passes on the fake
/// clock, and the expiry is queued before a KEEPALIVE the reader framed in time. The session must
/// count the KEEPALIVE's arrival, not when the loop got to it; a peer that sends nothing, or only
/// part of a message, must still get 4/0 at the hold time.
/// </summary>
public sealed class HoldTimerStarvationTests
{
    private static readonly LocalSpeaker Speaker = new(65001, IPAddress.Parse("10.0.0.1"));
    private static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(90);
    private static readonly byte[] Keepalive = BgpMessageWriter.ToArray(KeepaliveMessage.Instance, default);

    // A write to the session completes only once its reader consumed it, so "sent" means "framed".
    private static readonly PipeOptions ConsumedBeforeFlush = new(pauseWriterThreshold: 1, resumeWriterThreshold: 1);

    [Fact]
    public async Task HoldTimerExpiry_HandledAfterAKeepaliveFramedInTime_IsDeferred_AndTheSessionStaysUp()
    {
        await using var held = await HeldSession.StartAsync(ConsumedBeforeFlush);
        var (time, session, peer, sink) = held;

        // The loop is held in OnEstablished: the hold time passes and the expiry is queued first.
        time.Advance(HoldTime);
        await peer.SendRawAsync(Keepalive);
        sink.Release();

        await WaitUntilAsync(() => session.GetStatus().Received.Keepalive == 2, "the KEEPALIVE handled");
        var status = session.GetStatus();
        Assert.Equal(SessionState.Established, status.State);
        Assert.Equal(1, status.HoldExpiriesDeferred);
        Assert.Equal(0, status.Sent.Notification);
        Assert.True(status.LongestTimerDelay >= TimeSpan.Zero);

        // From the KEEPALIVE's arrival, silence for a whole hold time still ends the session.
        time.Advance(HoldTime - TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(SessionState.Established, session.GetStatus().State);
        time.Advance(TimeSpan.FromSeconds(1));
        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal(NotificationCode.HoldTimerExpired, notification.Code);
        Assert.Equal(0, notification.Subcode);
    }

    [Fact]
    public async Task HoldTimerExpiry_HandledLate_WithNothingReceived_Sends4_0()
    {
        await using var held = await HeldSession.StartAsync(ConsumedBeforeFlush);
        var (time, session, peer, sink) = held;

        time.Advance(HoldTime);
        sink.Release();

        await ExpectHoldTimerExpiredNotDeferredAsync(peer, session);
    }

    [Fact]
    public async Task HoldTimerExpiry_HandledLate_AfterOnlyPartOfAKeepalive_Sends4_0()
    {
        await using var held = await HeldSession.StartAsync(peerToSession: null);
        var (time, session, peer, sink) = held;

        // Bytes arrive, but never a whole message.
        foreach (var octet in Keepalive[..^1])
        {
            await peer.SendRawAsync([octet]);
        }

        time.Advance(HoldTime);
        sink.Release();

        await ExpectHoldTimerExpiredNotDeferredAsync(peer, session);
    }

    [Fact]
    public async Task PeerTricklingAKeepaliveByteByByte_NeverCompleting_Gets4_0_AtTheHoldTime()
    {
        var time = NewTime();
        var connector = new ScriptedConnector();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), Speaker, connector, time, new RecordingSink());

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await WaitUntilAsync(() => session.GetStatus().State == SessionState.Established, "Established");

        // One octet every 5 s: 18 octets take 90 s, and the 19th never comes.
        var step = HoldTime / (Keepalive.Length - 1);
        foreach (var octet in Keepalive[..^2])
        {
            await peer.SendRawAsync([octet]);
            time.Advance(step);
        }

        await peer.SendRawAsync([Keepalive[^2]]);
        await Task.Delay(50);
        Assert.Equal(SessionState.Established, session.GetStatus().State);
        time.Advance(step);

        await ExpectHoldTimerExpiredNotDeferredAsync(peer, session);
    }

    /// <summary>The peer gets 4/0 and the session never deferred the expiry.</summary>
    private static async Task ExpectHoldTimerExpiredNotDeferredAsync(ScriptedPeer peer, PeerSession session)
    {
        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal(NotificationCode.HoldTimerExpired, notification.Code);
        Assert.Equal(0, session.GetStatus().HoldExpiriesDeferred);
    }

    /// <summary>Blocks the session's event loop in <see cref="OnEstablished"/> until released.</summary>
    private sealed class BlockingSink : IRouteSink
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public void Release() => _release.TrySetResult();

        public void OnEstablished(string peer, NegotiatedSession negotiated)
        {
            _entered.TrySetResult();
            _release.Task.Wait(RealTimeout);
        }

        public void OnUpdate(string peer, UpdateMessage update)
        {
        }

        public void OnDown(string peer, string reason)
        {
        }
    }

    /// <summary>
    /// An Established session whose event loop is held in <see cref="BlockingSink.OnEstablished"/>
    /// until <see cref="BlockingSink.Release"/>; <c>peerToSession</c> shapes what the peer writes.
    /// </summary>
    private sealed record HeldSession(FakeTimeProvider Time, PeerSession Session, ScriptedPeer Peer, BlockingSink Sink) : IAsyncDisposable
    {
        public static async Task<HeldSession> StartAsync(PipeOptions? peerToSession)
        {
            var time = NewTime();
            var connector = new ScriptedConnector(peerToSession: peerToSession);
            var sink = new BlockingSink();
            var session = NewSession(SessionTestKit.Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), Speaker, connector, time, sink);
            session.Start();
            var peer = await connector.NextPeerAsync();
            await peer.HandshakeAsync();
            await sink.Entered.WaitAsync(RealTimeout);
            return new HeldSession(time, session, peer, sink);
        }

        public ValueTask DisposeAsync()
        {
            Sink.Release();
            return Session.DisposeAsync();
        }
    }
}
