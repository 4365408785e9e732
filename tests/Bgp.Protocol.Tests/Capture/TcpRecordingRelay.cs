using System.Net;
using System.Net.Sockets;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>One BGP message seen by the relay, in arrival order across both directions.</summary>
/// <param name="Connection">Which relayed connection (0, 1, ...) it belongs to.</param>
/// <param name="Direction">The direction name, e.g. "bird>gobgp".</param>
/// <param name="FromListenerSide">True when sent by the peer that connected to the relay.</param>
/// <param name="Bytes">The whole message, header included.</param>
public sealed record RecordedMessage(int Connection, string Direction, bool FromListenerSide, byte[] Bytes)
{
    public Iana.BgpMessageType Type => (Iana.BgpMessageType)Bytes[BgpConstants.HeaderLength - 1];
}

/// <summary>
/// A TCP relay on loopback that records a BGP session: it accepts connections on one address:port,
/// connects each to the target (from a chosen source address, so the target sees the expected
/// peer), forwards both directions byte for byte and cuts each direction into messages with
/// <see cref="BgpFramer"/>. Needs no privileges and no packet capture.
/// </summary>
public sealed class TcpRecordingRelay : IAsyncDisposable
{
    /// <summary>Recorded streams may carry extended messages (RFC 8654), so frame up to 65535.</summary>
    public const int RecordedMaxMessageLength = BgpConstants.ExtendedMaxMessageLength;

    private const int ReadBufferSize = 64 * 1024;
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly IPAddress? _connectFrom;
    private readonly string _forwardName;
    private readonly string _backwardName;
    private readonly List<RecordedMessage> _messages = [];
    private readonly List<string> _errors = [];
    private readonly List<Task> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _acceptLoop;
    private int _connectionCount;

    /// <param name="listen">Where the active peer connects to.</param>
    /// <param name="target">The passive peer.</param>
    /// <param name="connectFrom">Source address for the connection to the target (the active peer's address).</param>
    /// <param name="forwardName">Direction name for bytes from the connecting peer to the target.</param>
    /// <param name="backwardName">Direction name for bytes from the target back.</param>
    public TcpRecordingRelay(IPEndPoint listen, IPEndPoint target, IPAddress? connectFrom, string forwardName, string backwardName)
    {
        _listener = new TcpListener(listen);
        _target = target;
        _connectFrom = connectFrom;
        _forwardName = forwardName;
        _backwardName = backwardName;
    }

    public IPEndPoint ListenEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Raised (under no lock) after each message is recorded; for waiting on events.</summary>
    public event Action<RecordedMessage>? MessageRecorded;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    /// <summary>A snapshot of the messages so far, in arrival order.</summary>
    public IReadOnlyList<RecordedMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Framing errors or I/O failures seen while relaying.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Completes when every relayed connection so far has closed in both directions.</summary>
    public Task AllConnectionsClosed()
    {
        lock (_connections)
        {
            return Task.WhenAll(_connections);
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds over the recorded messages.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<RecordedMessage>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Messages))
        {
            if (DateTime.UtcNow > deadline)
            {
                var summary = string.Join(", ", Messages.GroupBy(m => (m.Direction, m.Type)).Select(g => $"{g.Key.Direction} {g.Key.Type}×{g.Count()}"));
                throw new TimeoutException($"relay: timed out after {timeout.TotalSeconds:0} s waiting for {what}; seen: {summary}; errors: {string.Join("; ", Errors)}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            try
            {
                await _acceptLoop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        try
        {
            await AllConnectionsClosed().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var task = RelayConnectionAsync(accepted, cancellationToken);
            lock (_connections)
            {
                _connections.Add(task);
            }
        }
    }

    private async Task RelayConnectionAsync(Socket accepted, CancellationToken cancellationToken)
    {
        using var client = accepted;
        using var server = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (_connectFrom is not null)
            {
                server.Bind(new IPEndPoint(_connectFrom, 0));
            }

            await server.ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // The target is not listening yet; the active peer will retry. Nothing is recorded.
            return;
        }

        client.NoDelay = true;
        server.NoDelay = true;
        var connection = Interlocked.Increment(ref _connectionCount) - 1;
        // A shared lock orders messages of both directions by the time they were cut.
        var forward = PumpAsync(client, server, connection, _forwardName, fromListenerSide: true, cancellationToken);
        var backward = PumpAsync(server, client, connection, _backwardName, fromListenerSide: false, cancellationToken);
        await Task.WhenAll(forward, backward).ConfigureAwait(false);
    }

    private async Task PumpAsync(Socket source, Socket destination, int connection, string direction, bool fromListenerSide,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBufferSize];
        var pending = new List<byte>();
        var framingBroken = false;
        try
        {
            while (true)
            {
                var read = await source.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await destination.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (!framingBroken)
                {
                    pending.AddRange(buffer.AsSpan(0, read));
                    framingBroken = !CutMessages(pending, connection, direction, fromListenerSide);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The other side reset or the relay is stopping.
        }
        finally
        {
            try
            {
                destination.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }

            if (pending.Count > 0 && !framingBroken)
            {
                AddError($"{direction}: {pending.Count} trailing bytes do not form a whole message");
            }
        }
    }

    private bool CutMessages(List<byte> pending, int connection, string direction, bool fromListenerSide)
    {
        var bytes = pending.ToArray();
        ReadOnlySpan<byte> span = bytes;
        var consumed = 0;
        var cut = new List<RecordedMessage>();
        try
        {
            while (BgpFramer.TryReadMessage(ref span, RecordedMaxMessageLength, out var header, out _))
            {
                cut.Add(new RecordedMessage(connection, direction, fromListenerSide, bytes[consumed..(consumed + header.Length)]));
                consumed += header.Length;
            }
        }
        catch (BgpNotificationException e)
        {
            AddError($"{direction}: framing failed at byte {consumed}: {e.Message}");
            return false;
        }
        finally
        {
            pending.RemoveRange(0, consumed);
            lock (_messages)
            {
                _messages.AddRange(cut);
            }

            foreach (var message in cut)
            {
                MessageRecorded?.Invoke(message);
            }
        }

        return true;
    }

    private void AddError(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
