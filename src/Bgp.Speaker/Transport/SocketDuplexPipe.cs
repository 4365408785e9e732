using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Bgp.Speaker.Transport;

/// <summary>
/// A connected socket as two pipes, with one receive loop and one send loop. The remote closing
/// its side completes <see cref="Input"/>; a socket error completes it with the exception.
/// Disposal lets the send loop drain what the session already wrote (a final NOTIFICATION) for at
/// most <see cref="DrainTimeout"/>, so a peer that stopped reading cannot hold us, then closes.
/// </summary>
internal sealed class SocketDuplexPipe : IDuplexPipe, IAsyncDisposable
{
    /// <summary>How long disposal waits for queued bytes to reach the kernel.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private const int MinimumReceiveBuffer = 4096;

    // Back-pressure: stop reading the socket when the session has this much unread, so a fast
    // peer fills its own send buffer instead of our memory (BGP messages are at most 64 KiB).
    // The reading side of each pipe runs inline, not as one more thread-pool work item: received
    // bytes are framed on the thread that received them, and the send loop runs inside the
    // session writer's flush. In a CPU-starved process every work item waits for the pool's whole
    // queue, so each hop saved is a wait saved for a KEEPALIVE (see UpdateWriteGate).
    private static readonly PipeOptions Options = new(
        readerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1024 * 1024,
        resumeWriterThreshold: 512 * 1024,
        useSynchronizationContext: false);

    private readonly Socket _socket;
    private readonly Pipe _input = new(Options);
    private readonly Pipe _output = new(Options);
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private readonly Task _sending;
    private int _disposed;

    public SocketDuplexPipe(Socket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
        _sending = Task.Run(SendLoopAsync);
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _output.Writer.CompleteAsync().ConfigureAwait(false);
        await Task.WhenAny(_sending, Task.Delay(DrainTimeout)).ConfigureAwait(false);
        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await Task.WhenAll(_receiving, _sending).ConfigureAwait(false);
        _closing.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        PipeWriter writer = _input.Writer;
        Exception? error = null;
        try
        {
            while (true)
            {
                Memory<byte> memory = writer.GetMemory(MinimumReceiveBuffer);
                int received = await _socket.ReceiveAsync(memory, SocketFlags.None, _closing.Token).ConfigureAwait(false);
                if (received == 0)
                {
                    break; // the peer closed its side (FIN)
                }

                writer.Advance(received);
                FlushResult flush = await writer.FlushAsync(_closing.Token).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break; // the session stopped reading
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_closing.IsCancellationRequested)
        {
        }
        catch (SocketException socketError)
        {
            error = _closing.IsCancellationRequested ? null : socketError;
        }

        await writer.CompleteAsync(error).ConfigureAwait(false);
    }

    private async Task SendLoopAsync()
    {
        PipeReader reader = _output.Reader;
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                foreach (ReadOnlyMemory<byte> segment in buffer)
                {
                    await SendAllAsync(segment).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            // Our side is done: send FIN so the peer reads the end after the last message.
            _socket.Shutdown(SocketShutdown.Send);
            await reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // A reset or our own close: the receive loop reports errors to the session.
            await reader.CompleteAsync(error).ConfigureAwait(false);
        }
    }

    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> segment)
    {
        while (!segment.IsEmpty)
        {
            int sent = await _socket.SendAsync(segment, SocketFlags.None, _closing.Token).ConfigureAwait(false);
            segment = segment[sent..];
        }
    }
}
