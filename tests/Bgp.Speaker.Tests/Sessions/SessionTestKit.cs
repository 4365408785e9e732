using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bgp.Speaker.Tests.Sessions;

/// <summary>In-memory transports, scripted peers and bounded waits for the session tests.</summary>
internal static class SessionTestKit
{
    /// <summary>Every real-time wait in these tests is bounded by this.</summary>
    public static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(10);

    public static readonly IPEndPoint EndpointA = new(IPAddress.Parse("127.0.0.1"), 40001);
    public static readonly IPEndPoint EndpointB = new(IPAddress.Parse("127.0.0.2"), 179);

    public static FakeTimeProvider NewTime() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Two connected ends over a pair of pipes; <paramref name="aToB"/> and <paramref name="bToA"/> shape what each end writes.</summary>
    public static (BgpTransportConnection A, BgpTransportConnection B) Pair(PipeOptions? aToB = null, PipeOptions? bToA = null)
    {
        var ab = new Pipe(aToB ?? PipeOptions.Default);
        var ba = new Pipe(bToA ?? PipeOptions.Default);
        return (new BgpTransportConnection(new DuplexPipe(ba.Reader, ab.Writer), EndpointA, EndpointB),
                new BgpTransportConnection(new DuplexPipe(ab.Reader, ba.Writer), EndpointB, EndpointA));
    }

    public static PeerSession NewSession(PeerOptions options, LocalSpeaker local, IBgpConnector connector, TimeProvider time,
        IRouteSink? sink = null) =>
        new(options, local, connector, time, NullLogger.Instance, sink, random: () => 0.0);

    public static PeerOptions Peer(uint remoteAs, ConnectionMode mode = ConnectionMode.Both, string address = "127.0.0.2") =>
        new() { Name = $"peer-{address}", Address = IPAddress.Parse(address), RemoteAs = remoteAs, Mode = mode };

    /// <summary>Polls <paramref name="condition"/> in real time; fails after <see cref="RealTimeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + RealTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(5);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

/// <summary>Connects to another in-process session by offering it the far end of a pipe pair.</summary>
internal sealed class SessionConnector(Func<IPeerSession> target, Rendezvous? rendezvous = null) : IBgpConnector
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public async ValueTask<BgpTransportConnection> ConnectAsync(PeerOptions peer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (rendezvous is not null)
        {
            await rendezvous.ArriveAsync().WaitAsync(cancellationToken);
        }

        var (mine, theirs) = SessionTestKit.Pair();
        bool accepted = await target().AcceptIncomingAsync(theirs);
        if (rendezvous is not null)
        {
            // Both connections exist before either initiator sends its OPEN, so neither can reach
            // Established first and turn the collision into the Established case of RFC 4271 §6.8.
            await rendezvous.ArriveAsync().WaitAsync(cancellationToken);
        }

        if (!accepted)
        {
            await theirs.DisposeAsync();
            await mine.DisposeAsync();
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        return mine;
    }
}

/// <summary>Releases callers two at a time, so both sides of a collision test connect at once (and are accepted before either speaks).</summary>
internal sealed class Rendezvous
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAsync()
    {
        lock (_lock)
        {
            var gate = _gate;
            if (++_arrived % 2 == 0)
            {
                _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                gate.SetResult();
            }

            return gate.Task;
        }
    }
}

/// <summary>
/// Hands each connection the session opens to the test as a <see cref="ScriptedPeer"/>;
/// <paramref name="sessionToPeer"/> and <paramref name="peerToSession"/> shape what each side writes.
/// </summary>
internal sealed class ScriptedConnector(PipeOptions? sessionToPeer = null, PipeOptions? peerToSession = null) : IBgpConnector
{
    private readonly Channel<ScriptedPeer> _peers = Channel.CreateUnbounded<ScriptedPeer>();
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public ValueTask<BgpTransportConnection> ConnectAsync(PeerOptions peer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var (session, scripted) = SessionTestKit.Pair(sessionToPeer, peerToSession);
        _peers.Writer.TryWrite(new ScriptedPeer(scripted));
        return ValueTask.FromResult(session);
    }

    public async Task<ScriptedPeer> NextPeerAsync() =>
        await _peers.Reader.ReadAsync().AsTask().WaitAsync(SessionTestKit.RealTimeout);
}

/// <summary>The far end of a session's connection, driven message by message by a test.</summary>
internal sealed class ScriptedPeer(BgpTransportConnection connection)
{
    public const uint DefaultAs = 65002;
    public static readonly uint DefaultId = LocalSpeaker.ToBgpIdentifier(IPAddress.Parse("10.0.0.2"));

    public DecodeContext Context { get; set; }

    public static OpenMessage Open(uint asNumber = DefaultAs, ushort hold = 90, uint? id = null, params Capability[] extra) =>
        OpenMessage.Create(asNumber, hold, id ?? DefaultId,
            [new MultiprotocolCapability(Bgp.Protocol.AddressFamily.Ipv4Unicast), RouteRefreshCapability.Instance, .. extra]);

    /// <summary>Reads the next message; null when the session closed the connection.</summary>
    public async Task<IBgpMessage?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(SessionTestKit.RealTimeout);
        var input = connection.Pipe.Input;
        while (true)
        {
            var result = await input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (BgpFramer.TryReadMessage(ref buffer, BgpConstants.ExtendedMaxMessageLength, out var header, out var body))
            {
                var message = BgpMessageDecoder.Decode(header, System.Buffers.BuffersExtensions.ToArray(body), Context);
                input.AdvanceTo(buffer.Start);
                return message;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    public async Task<T> ExpectAsync<T>()
        where T : class, IBgpMessage
    {
        var message = await ReadAsync();
        return Assert.IsType<T>(message);
    }

    /// <summary>Reads until a NOTIFICATION, skipping KEEPALIVEs.</summary>
    public async Task<NotificationMessage> ExpectNotificationAsync()
    {
        while (true)
        {
            var message = await ReadAsync();
            Assert.NotNull(message);
            if (message is NotificationMessage notification)
            {
                return notification;
            }

            Assert.IsType<KeepaliveMessage>(message);
        }
    }

    public Task SendAsync(IBgpMessage message) => SendRawAsync(BgpMessageWriter.ToArray(message, default));

    public async Task SendRawAsync(byte[] bytes)
    {
        await connection.Pipe.Output.WriteAsync(bytes);
    }

    /// <summary>Reads our OPEN, answers with <paramref name="open"/> and a KEEPALIVE, reads our KEEPALIVE.</summary>
    public async Task HandshakeAsync(OpenMessage? open = null)
    {
        await ExpectAsync<OpenMessage>();
        await SendAsync(open ?? Open());
        await SendAsync(KeepaliveMessage.Instance);
        await ExpectAsync<KeepaliveMessage>();
        Context = new DecodeContext { FourOctetAs = true };
    }
}

/// <summary>Records what the session hands to the routing core.</summary>
internal sealed class RecordingSink : IRouteSink
{
    private int _established;
    private int _updates;
    private int _down;

    public int Established => Volatile.Read(ref _established);

    public int Updates => Volatile.Read(ref _updates);

    public int Down => Volatile.Read(ref _down);

    public void OnEstablished(string peer, NegotiatedSession negotiated) => Interlocked.Increment(ref _established);

    public void OnUpdate(string peer, UpdateMessage update) => Interlocked.Increment(ref _updates);

    public void OnDown(string peer, string reason) => Interlocked.Increment(ref _down);
}
