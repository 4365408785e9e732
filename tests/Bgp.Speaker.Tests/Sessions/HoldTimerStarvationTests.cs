using System.IO.Pipelines;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
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
        var time = NewTime();
        var connector = new PeerPipeConnector(ConsumedBeforeFlush);
        var sink = new BlockingSink();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), Speaker, connector, time, sink);

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await sink.Entered.WaitAsync(RealTimeout);

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
        var time = NewTime();
        var connector = new PeerPipeConnector(ConsumedBeforeFlush);
        var sink = new BlockingSink();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), Speaker, connector, time, sink);

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await sink.Entered.WaitAsync(RealTimeout);

        time.Advance(HoldTime);
        sink.Release();

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal(NotificationCode.HoldTimerExpired, notification.Code);
        Assert.Equal(0, session.GetStatus().HoldExpiriesDeferred);
    }

    [Fact]
    public async Task HoldTimerExpiry_HandledLate_AfterOnlyPartOfAKeepalive_Sends4_0()
    {
        var time = NewTime();
        var connector = new PeerPipeConnector(null);
        var sink = new BlockingSink();
        await using var session = NewSession(Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active), Speaker, connector, time, sink);

        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await sink.Entered.WaitAsync(RealTimeout);

        // Bytes arrive, but never a whole message.
        foreach (var octet in Keepalive[..^1])
        {
            await peer.SendRawAsync([octet]);
        }

        time.Advance(HoldTime);
        sink.Release();

        var notification = await peer.ExpectNotificationAsync();
        Assert.Equal(NotificationCode.HoldTimerExpired, notification.Code);
        Assert.Equal(0, session.GetStatus().HoldExpiriesDeferred);
    }

    [Fact]
    public async Task PeerTricklingAKeepaliveByteByByte_NeverCompleting_Gets4_0_AtTheHoldTime()
    {
        var time = NewTime();
        var connector = new PeerPipeConnector(null);
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

    /// <summary>Hands each connection to the test as a <see cref="ScriptedPeer"/>; <c>peerToSession</c> shapes what the peer writes.</summary>
    private sealed class PeerPipeConnector(PipeOptions? peerToSession) : IBgpConnector
    {
        private readonly System.Threading.Channels.Channel<ScriptedPeer> _peers = System.Threading.Channels.Channel.CreateUnbounded<ScriptedPeer>();

        public ValueTask<BgpTransportConnection> ConnectAsync(PeerOptions options, CancellationToken cancellationToken)
        {
            var toPeer = new Pipe();
            var toSession = new Pipe(peerToSession ?? PipeOptions.Default);
            var session = new BgpTransportConnection(new DuplexPipe(toSession.Reader, toPeer.Writer), EndpointA, EndpointB);
            _peers.Writer.TryWrite(new ScriptedPeer(new BgpTransportConnection(new DuplexPipe(toPeer.Reader, toSession.Writer), EndpointB, EndpointA)));
            return ValueTask.FromResult(session);
        }

        public async Task<ScriptedPeer> NextPeerAsync() => await _peers.Reader.ReadAsync().AsTask().WaitAsync(RealTimeout);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
