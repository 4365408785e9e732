using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;

namespace Bgp.Testing;

/// <summary>
/// A scripted BGP peer over one real TCP connection on loopback: it sends whatever bytes a test
/// builds (hand-made OPENs, broken headers; see <see cref="RawBgpMessages"/>) and hands out what the
/// other side sends, cut into messages by <see cref="BgpFramer"/>. No FSM, no timers, no checks
/// of its own: the speaker under test is the only judge.
/// </summary>
public sealed class RawBgpPeer : IAsyncDisposable
{
    /// <summary>Read leniently: accept up to the RFC 8654 maximum whatever was negotiated.</summary>
    private const int MaxReadLength = BgpConstants.ExtendedMaxMessageLength;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _reader;

    private RawBgpPeer(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = PipeReader.Create(_stream);
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public IPEndPoint RemoteEndPoint => (IPEndPoint)_socket.RemoteEndPoint!;

    /// <summary>Connects from <paramref name="localAddress"/> (any free port) to <paramref name="remote"/>.</summary>
    public static async Task<RawBgpPeer> ConnectAsync(IPAddress localAddress, IPEndPoint remote, TimeSpan timeout)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(localAddress, 0));
            using var cts = new CancellationTokenSource(timeout);
            await socket.ConnectAsync(remote, cts.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawBgpPeer(socket);
    }

    /// <summary>Listens on <paramref name="local"/> and accepts exactly one connection within <paramref name="timeout"/>.</summary>
    public static async Task<RawBgpPeer> AcceptOneAsync(IPEndPoint local, TimeSpan timeout)
    {
        using var listener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(local);
        listener.Listen(1);
        using var cts = new CancellationTokenSource(timeout);
        var socket = await listener.AcceptAsync(cts.Token).ConfigureAwait(false);
        socket.NoDelay = true;
        return new RawBgpPeer(socket);
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _stream.WriteAsync(bytes).ConfigureAwait(false);
        await _stream.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The next whole message, or null when the other side closed the connection (or reset it)
    /// first. Throws <see cref="TimeoutException"/> when nothing complete arrives in time.
    /// </summary>
    public async Task<ReceivedBgpMessage?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _reader.ReadAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no complete BGP message from {RemoteEndPoint} within {timeout.TotalSeconds:0.#} s");
            }
            catch (IOException)
            {
                return null;
            }

            var buffer = result.Buffer;
            if (BgpFramer.TryReadMessage(ref buffer, MaxReadLength, out var header, out var body))
            {
                var message = new ReceivedBgpMessage(header.Type, body.ToArray());
                _reader.AdvanceTo(buffer.Start);
                return message;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Reads until a NOTIFICATION arrives, skipping OPEN and KEEPALIVE; null when the connection
    /// closed without one. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public async Task<ReceivedBgpMessage?> ReceiveNotificationAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no NOTIFICATION from {RemoteEndPoint} within {timeout.TotalSeconds:0.#} s");
            }

            var message = await ReceiveAsync(left).ConfigureAwait(false);
            if (message is null || message.Type == BgpMessageType.Notification)
            {
                return message;
            }
        }
    }

    /// <summary>True when the other side closes the connection within <paramref name="timeout"/>; unread messages are dropped.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await ReceiveAsync(deadline - DateTime.UtcNow).ConfigureAwait(false) is null)
                {
                    return true;
                }
            }
            catch (TimeoutException)
            {
                return false;
            }
            catch (Bgp.Protocol.Errors.BgpNotificationException)
            {
                // The other side's bytes do not frame; closing is what we wait for.
                return false;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
