using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;

namespace Bgp.E2e;

/// <summary>
/// A lightweight raw BGP speaker end: one TCP connection from its own loopback address, the
/// OPEN/KEEPALIVE handshake (4-octet AS, multiprotocol IPv4 unicast, no extended messages so every
/// daemon packs into 4,096 octets), then raw sends and a receive loop that hands each UPDATE body
/// to a callback. Keepalives go out every third of the hold time (RFC 4271 §10) so a long run
/// never expires the reflector's hold timer. Each connection also records how punctual both
/// directions were: the longest silence between messages from the reflector (what its hold timer
/// here would see) and the longest gap between our own keepalives.
/// </summary>
internal sealed class BgpConnection : IAsyncDisposable
{
    public const ushort HoldTimeSeconds = 240;

    public const int KeepaliveDivisor = 3;
    private const int ReceiveBufferSize = 256 * 1024;
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    /// <summary>An attempt whose OPEN is not answered within this time is dropped and retried.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly ushort _holdTime;
    private Task? _keepalives;
    private int _disposed;
    private long _lastReceived;
    private long _longestReceiveGap;
    private long _longestKeepaliveGap;

    private BgpConnection(Socket socket, IPAddress local, ushort holdTime)
    {
        _socket = socket;
        Local = local;
        _holdTime = holdTime;
    }

    public IPAddress Local { get; }

    private static int _failedAttempts;

    /// <summary>Connection attempts refused, closed or unanswered so far (all connections), for failure reports.</summary>
    public static int FailedAttempts => Volatile.Read(ref _failedAttempts);

    public static DecodeContext DecodeContext { get; } = new() { FourOctetAs = true };

    /// <summary>Connects (retrying refused connections until <paramref name="cancellation"/>) and completes the handshake.</summary>
    public static Task<BgpConnection> OpenAsync(IPAddress local, IPEndPoint reflector, CancellationToken cancellation) =>
        OpenAsync(local, reflector, HoldTimeSeconds, HandshakeTimeout, cancellation);

    /// <summary>
    /// Opens a session offering <paramref name="holdTime"/> seconds (keepalives go out every third of
    /// it), giving up on an attempt whose OPEN is not answered within <paramref name="handshakeTimeout"/>.
    /// </summary>
    public static async Task<BgpConnection> OpenAsync(IPAddress local, IPEndPoint reflector, ushort holdTime, TimeSpan handshakeTimeout, CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var socket = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(reflector, cancellation).ConfigureAwait(false);
                var connection = new BgpConnection(socket, local, holdTime);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                attempt.CancelAfter(handshakeTimeout);
                bool established;
                try
                {
                    established = await connection.HandshakeAsync(attempt.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    established = false;
                }

                if (established)
                {
                    connection._keepalives = connection.SendKeepalivesAsync();
                    return connection;
                }

                Interlocked.Increment(ref _failedAttempts);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            catch (SocketException)
            {
                Interlocked.Increment(ref _failedAttempts);
                socket.Dispose();
            }

            await Task.Delay(RetryPause, cancellation).ConfigureAwait(false);
        }
    }

    private async Task<bool> HandshakeAsync(CancellationToken cancellation)
    {
        var open = OpenMessage.Create(Addressing.LocalAs, _holdTime, Addressing.ToUInt(Local),
            [new MultiprotocolCapability(Protocol.AddressFamily.Ipv4Unicast)]);
        await SendAsync(BgpMessageWriter.ToArray(open, default), cancellation).ConfigureAwait(false);

        // Expect OPEN then KEEPALIVE; anything else (a NOTIFICATION, a close) fails this attempt.
        var sawOpen = false;
        var header = new byte[BgpConstants.HeaderLength];
        while (true)
        {
            if (!await ReadExactAsync(header, cancellation).ConfigureAwait(false))
            {
                return false;
            }

            var parsed = BgpMessageHeader.Parse(header, BgpConstants.MaxMessageLength);
            var body = new byte[parsed.BodyLength];
            if (!await ReadExactAsync(body, cancellation).ConfigureAwait(false))
            {
                return false;
            }

            switch (parsed.Type)
            {
                case BgpMessageType.Open:
                    sawOpen = true;
                    await SendAsync(BgpMessageWriter.ToArray(KeepaliveMessage.Instance, default), cancellation).ConfigureAwait(false);
                    break;
                case BgpMessageType.Keepalive when sawOpen:
                    Volatile.Write(ref _lastReceived, Stopwatch.GetTimestamp());
                    return true;
                default:
                    return false;
            }
        }
    }

    private async Task<bool> ReadExactAsync(Memory<byte> buffer, CancellationToken cancellation)
    {
        while (!buffer.IsEmpty)
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellation).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            buffer = buffer[read..];
        }

        return true;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        await _sendLock.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None, cancellation).ConfigureAwait(false);
                data = data[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task SendKeepalivesAsync()
    {
        var keepalive = BgpMessageWriter.ToArray(KeepaliveMessage.Instance, default);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)_holdTime / KeepaliveDivisor));
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await SendAsync(keepalive, _stop.Token).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                Volatile.Write(ref _longestKeepaliveGap, Math.Max(Volatile.Read(ref _longestKeepaliveGap), now - last));
                last = now;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Closed.
        }
    }

    /// <summary>
    /// Reads messages until the peer closes or <paramref name="cancellation"/> fires. UPDATE bodies
    /// go to <paramref name="onUpdate"/>; a NOTIFICATION ends the loop with its code in the result.
    /// </summary>
    public async Task<string> ReceiveAsync(UpdateHandler? onUpdate, CancellationToken cancellation)
    {
        var buffer = new byte[ReceiveBufferSize];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellation).ConfigureAwait(false);
                if (read == 0)
                {
                    return "closed by the reflector";
                }

                filled += read;
                var consumed = 0;
                while (filled - consumed >= BgpConstants.HeaderLength)
                {
                    var length = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(consumed + BgpConstants.MarkerLength));
                    if (filled - consumed < length)
                    {
                        break;
                    }

                    var message = buffer.AsSpan(consumed, length);
                    var header = BgpMessageHeader.Parse(message[..BgpConstants.HeaderLength], BgpConstants.MaxMessageLength);
                    var body = message[BgpConstants.HeaderLength..];
                    if (header.Type == BgpMessageType.Update)
                    {
                        onUpdate?.Invoke(body);
                    }
                    else if (header.Type == BgpMessageType.Notification)
                    {
                        return $"NOTIFICATION {body[0]}/{body[1]}";
                    }

                    consumed += length;
                }

                if (consumed > 0)
                {
                    // At least one whole message arrived: what resets the hold timer (RFC 4271 §6.5).
                    var now = Stopwatch.GetTimestamp();
                    Volatile.Write(ref _longestReceiveGap, Math.Max(_longestReceiveGap, now - _lastReceived));
                    Volatile.Write(ref _lastReceived, now);
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (OperationCanceledException)
        {
            return "stopped";
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode.ToString();
        }
        catch (Exception e) when (e is Protocol.Errors.BgpNotificationException or InvalidOperationException or ArgumentException)
        {
            // A malformed message from the reflector: the session is useless, the run reports why.
            return $"malformed message from the reflector: {e.Message}";
        }
    }

    /// <summary>
    /// The longest time without a whole message from the reflector since Established, up to
    /// <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp; the silence still open counts).
    /// </summary>
    public TimeSpan LongestReceiveGap(long now) =>
        Stopwatch.GetElapsedTime(0, Math.Max(Volatile.Read(ref _longestReceiveGap), now - Volatile.Read(ref _lastReceived)));

    /// <summary>The longest time between two of our keepalives (the harness's own punctuality).</summary>
    public TimeSpan LongestKeepaliveGap => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _longestKeepaliveGap));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }

        _socket.Dispose();
        if (_keepalives is not null)
        {
            await _keepalives.ConfigureAwait(false);
        }

        _stop.Dispose();
        _sendLock.Dispose();
    }
}
