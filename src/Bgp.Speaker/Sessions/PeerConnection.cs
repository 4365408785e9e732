using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Bgp.Protocol;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// The I/O of one TCP connection to a peer: one reader loop that frames and decodes messages and
/// posts them to the session's event loop, and one serialized writer that encodes queued messages
/// into the pipe and flushes (style rule 11). Protocol decisions stay in <see cref="PeerSession"/>.
/// </summary>
/// <remarks>
/// The reader decodes with the context of the OPEN exchange. Messages that follow the peer's OPEN
/// in the same read may depend on it (4-octet AS, ADD-PATH, extended length), so after an OPEN the
/// reader waits until the session has negotiated and handed it the new context.
/// The writer arms the RFC 9687 SendHoldTimer while any queued message has not been flushed: a
/// peer that stops reading stalls the flush, and the timer turns that into an event instead of a
/// session wedged forever. It writes queued UPDATEs only while it holds a slot of the
/// <see cref="UpdateWriteGate"/> (control messages never wait for one), so that in a starved
/// process the thread pool's queue is not full of UPDATE rounds in front of timers and KEEPALIVEs.
/// </remarks>
internal sealed class PeerConnection : IAsyncDisposable
{
    private static long s_nextId;

    private readonly BgpTransportConnection _transport;
    private readonly Action<SessionEvent> _post;
    private readonly TimeProvider _time;
    /// <summary>
    /// At most this many octets of queued UPDATEs go into one flush; control messages queued
    /// meanwhile are written first in the next round, so a KEEPALIVE waits at most one such flush.
    /// </summary>
    internal const int MaxUpdateBytesPerFlush = 64 * 1024;

    // A null message only wakes the writer for the update outlet.
    // QueuedAt is a TimeProvider timestamp, for the send delay.
    private readonly Channel<(IBgpMessage? Message, EncodeContext Context, long QueuedAt)> _outgoing =
        Channel.CreateUnbounded<(IBgpMessage?, EncodeContext, long)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SessionDelays? _delays;
    private readonly UpdateWriteGate _gate;
    private readonly Func<bool> _onSlotGranted;

    private const int SlotNone = 0;
    private const int SlotWaiting = 1;
    private const int SlotHeld = 2;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _openProcessed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer _sendHoldTimer;
    private readonly Lock _sendLock = new();
    private TimeSpan _sendHoldTime;
    private int _unflushed;
    private bool _sendHoldArmed;
    private DecodeContext _decodeContext;
    private Task _readTask = Task.CompletedTask;
    private Task _writeTask = Task.CompletedTask;
    private Task? _closeTask;
    private UpdateOutlet? _outlet;
    private int _wakePending;
    private long _lastHoldResetFramed;
    private int _slot;

    public PeerConnection(BgpTransportConnection transport, bool outgoing, TimeProvider time, Action<SessionEvent> post,
        SessionDelays? delays = null, UpdateWriteGate? gate = null)
    {
        _transport = transport;
        _post = post;
        _time = time;
        _delays = delays;
        _gate = gate ?? UpdateWriteGate.Shared;
        _onSlotGranted = OnSlotGranted;
        Outgoing = outgoing;
        Id = Interlocked.Increment(ref s_nextId);
        _sendHoldTimer = time.CreateTimer(_ => OnSendHoldTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public long Id { get; }

    /// <summary>True when we initiated the TCP connection (RFC 4271 §6.8 compares who initiated).</summary>
    public bool Outgoing { get; }

    public BgpTransportConnection Transport => _transport;

    public bool IsClosing => _closeTask is not null;

    /// <summary>
    /// When the reader last framed a whole KEEPALIVE or UPDATE (a <see cref="TimeProvider.GetTimestamp"/>;
    /// 0 before the first): the messages that restart the HoldTimer (RFC 4271 §6.5, §8.2.2), counted
    /// when they arrived, whether or not the event loop has handled them yet. Only whole messages
    /// count: a peer that trickles bytes of a message it never completes has sent nothing.
    /// </summary>
    public long LastHoldResetFramed => Interlocked.Read(ref _lastHoldResetFramed);

    /// <summary>True while a queued message has not been flushed to the transport.</summary>
    public bool HasUnflushedData
    {
        get
        {
            lock (_sendLock)
            {
                return _unflushed > 0;
            }
        }
    }

    /// <summary>The outbound UPDATE queue of this connection, created on first use (once Established).</summary>
    public UpdateOutlet GetOutlet(Action<BgpMessageType> count) =>
        _outlet ??= new UpdateOutlet(_transport.Local, _transport.Remote, WakeForUpdate, count);

    private void WakeForUpdate()
    {
        lock (_sendLock)
        {
            _unflushed++;
            ArmSendHoldIfNeeded();
        }

        if (Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _outgoing.Writer.TryWrite((null, default, 0));
        }
    }

    public void Start()
    {
        _readTask = Task.Run(ReadLoopAsync);
        _writeTask = Task.Run(WriteLoopAsync);
    }

    /// <summary>Queues a message; it is encoded with <paramref name="context"/> and flushed in order.</summary>
    public void Send(IBgpMessage message, in EncodeContext context)
    {
        lock (_sendLock)
        {
            if (!_outgoing.Writer.TryWrite((message, context, _time.GetTimestamp())))
            {
                return;
            }

            _unflushed++;
            ArmSendHoldIfNeeded();
        }
    }

    /// <summary>RFC 9687 §4: from now on, no progress for <paramref name="sendHoldTime"/> raises SendHoldTimer_Expires.</summary>
    public void EnableSendHold(TimeSpan sendHoldTime)
    {
        lock (_sendLock)
        {
            _sendHoldTime = sendHoldTime;
            _sendHoldArmed = false;
            ArmSendHoldIfNeeded();
        }
    }

    public void DisableSendHold()
    {
        lock (_sendLock)
        {
            _sendHoldTime = TimeSpan.Zero;
            _sendHoldArmed = false;
            _sendHoldTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The session has handled the peer's OPEN: later messages decode with <paramref name="context"/>.</summary>
    public void SetNegotiated(in DecodeContext context)
    {
        _decodeContext = context;
        _openProcessed.TrySetResult();
    }

    /// <summary>
    /// Closes the connection once: with <paramref name="flush"/>, queued messages (a NOTIFICATION)
    /// are flushed first, for at most <paramref name="flushTimeout"/>; without it the pending
    /// flush is abandoned (RFC 9687 §4: the NOTIFICATION must not delay closing).
    /// </summary>
    public Task CloseAsync(bool flush, TimeSpan flushTimeout) => _closeTask ??= CloseCoreAsync(flush, flushTimeout);

    /// <summary>Closes at once, without flushing.</summary>
    public ValueTask DisposeAsync() => new(CloseAsync(flush: false, TimeSpan.Zero));

    private async Task CloseCoreAsync(bool flush, TimeSpan flushTimeout)
    {
        // Queued UPDATEs are not flushed behind a NOTIFICATION: the session is over.
        _outlet?.Close();
        _outgoing.Writer.TryComplete();
        if (flush)
        {
            try
            {
                await _writeTask.WaitAsync(flushTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The peer is not reading; close anyway.
            }
        }

        DisableSendHold();
        _openProcessed.TrySetCanceled();
        await _stop.CancelAsync().ConfigureAwait(false);
        _transport.Pipe.Output.CancelPendingFlush();
        _transport.Pipe.Input.CancelPendingRead();
        await Task.WhenAll(_readTask, _writeTask).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        _sendHoldTimer.Dispose();
        try
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A transport that fails to close is closed as far as the session cares.
        }

        _stop.Dispose();
    }

    private void ArmSendHoldIfNeeded()
    {
        if (_sendHoldTime > TimeSpan.Zero && _unflushed > 0 && !_sendHoldArmed)
        {
            _sendHoldArmed = true;
            _sendHoldTimer.Change(_sendHoldTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnSendHoldTimer()
    {
        lock (_sendLock)
        {
            if (!_sendHoldArmed || _unflushed == 0)
            {
                return;
            }
        }

        _post(new SessionEvent.SendHoldExpired(this));
    }

    private async Task WriteLoopAsync()
    {
        var output = _transport.Pipe.Output;
        var queue = _outgoing.Reader;
        try
        {
            while (await queue.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                var written = 0;
                long oldestQueued = 0;
                while (queue.TryRead(out var item))
                {
                    if (item.Message is not null)
                    {
                        BgpMessageWriter.Write(output, item.Message, item.Context);
                        written++;
                        oldestQueued = oldestQueued == 0 ? item.QueuedAt : oldestQueued;
                    }
                }

                // UPDATEs only with a slot of the gate; without one the writer waits off the pool.
                var holding = TryHoldSlot();
                if (holding)
                {
                    written += WriteUpdates(output);
                }

                // The slot covers the copy and the socket send that the flush runs inline, not a wait.
                var flushing = output.FlushAsync(_stop.Token);
                if (holding)
                {
                    ReleaseSlot();
                }

                var result = await flushing.ConfigureAwait(false);
                if (oldestQueued != 0)
                {
                    _delays?.Record(SessionDelayKind.Send, _time.GetElapsedTime(oldestQueued), "queued message to flushed");
                }

                lock (_sendLock)
                {
                    // RFC 9687: progress was made; the timer runs again only while data is pending.
                    _unflushed -= written;
                    _sendHoldArmed = false;
                    _sendHoldTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    ArmSendHoldIfNeeded();
                }

                if (result.IsCanceled)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    _post(new SessionEvent.ConnectionClosed(this, null));
                    return;
                }

                if (_outlet is { } outlet)
                {
                    outlet.FireIfDrained();
                    if (outlet.HasPending && Volatile.Read(ref _slot) == SlotNone && Interlocked.Exchange(ref _wakePending, 1) == 0)
                    {
                        // More to send: go round again, behind any KEEPALIVE queued meanwhile.
                        _outgoing.Writer.TryWrite((null, default, 0));
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _post(new SessionEvent.ConnectionClosed(this, ex));
        }
        finally
        {
            // A slot held or granted from now on goes back to the gate (OnSlotGranted sees the closed queue).
            _outgoing.Writer.TryComplete();
            if (Interlocked.Exchange(ref _slot, SlotNone) == SlotHeld)
            {
                _gate.Exit();
            }
        }
    }

    /// <summary>True when this round may write UPDATEs: a slot granted earlier, or a free one now; otherwise queued for one.</summary>
    private bool TryHoldSlot()
    {
        var slot = Volatile.Read(ref _slot);
        if (_outlet is not { } outlet || slot == SlotWaiting)
        {
            // Waiting: the grant wakes the writer.
            return false;
        }

        // From here on a newly queued UPDATE wakes the writer again.
        Volatile.Write(ref _wakePending, 0);
        if (!outlet.HasPending)
        {
            if (slot == SlotHeld)
            {
                ReleaseSlot();
            }

            return false;
        }

        if (slot == SlotHeld)
        {
            return true;
        }

        // Waiting before asking: a grant can come from another thread as soon as we are queued.
        Volatile.Write(ref _slot, SlotWaiting);
        if (_gate.TryEnterOrQueue(_onSlotGranted))
        {
            Volatile.Write(ref _slot, SlotHeld);
            return true;
        }

        return false;
    }

    private void ReleaseSlot()
    {
        if (Interlocked.CompareExchange(ref _slot, SlotNone, SlotHeld) == SlotHeld)
        {
            _gate.Exit();
        }
    }

    /// <summary>The gate hands this connection a slot: wake the writer; false if it is gone, so the slot goes on.</summary>
    private bool OnSlotGranted()
    {
        Volatile.Write(ref _slot, SlotHeld);
        if (_outgoing.Writer.TryWrite((null, default, 0)))
        {
            return true;
        }

        // Closed. If the writer's exit already took the slot back, it was passed on there.
        return Interlocked.CompareExchange(ref _slot, SlotNone, SlotHeld) != SlotHeld;
    }

    /// <summary>Copies queued UPDATEs into the pipe, up to <see cref="MaxUpdateBytesPerFlush"/>; returns how many.</summary>
    private int WriteUpdates(PipeWriter output)
    {
        if (_outlet is not { } outlet)
        {
            return 0;
        }

        Volatile.Write(ref _wakePending, 0);
        var messages = 0;
        var bytes = 0;
        while (bytes < MaxUpdateBytesPerFlush && outlet.TryDequeue(out var message))
        {
            output.Write(message.Span);
            bytes += message.Length;
            messages++;
        }

        return messages;
    }

    private async Task ReadLoopAsync()
    {
        var input = _transport.Pipe.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(_stop.Token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }

                var buffer = result.Buffer;
                var (keepReading, consumed) = await ReadMessagesAsync(buffer).ConfigureAwait(false);

                // Everything up to the end was examined: wait for more bytes before trying again.
                input.AdvanceTo(consumed, buffer.End);
                if (!keepReading)
                {
                    return;
                }

                if (result.IsCompleted)
                {
                    _post(new SessionEvent.ConnectionClosed(this, null));
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _post(new SessionEvent.ConnectionClosed(this, ex));
        }
    }

    /// <summary>Frames and posts every whole message in <paramref name="buffer"/>; false after a fatal error.</summary>
    private async ValueTask<(bool KeepReading, SequencePosition Consumed)> ReadMessagesAsync(ReadOnlySequence<byte> buffer)
    {
        var consumed = buffer.Start;
        while (true)
        {
            var context = _decodeContext;
            BgpMessageHeader header;
            ReadOnlySequence<byte> body;
            try
            {
                // RFC 4271 §6.1 and RFC 8654 §4: the length limit is 4096 until extended messages are negotiated.
                if (!BgpFramer.TryReadMessage(ref buffer, context.MaxMessageLength, out header, out body))
                {
                    return (true, consumed);
                }
            }
            catch (BgpNotificationException ex)
            {
                _post(new SessionEvent.ReceiveFailed(this, ex, FsmEvent.BgpHeaderErr));
                return (false, buffer.End);
            }

            consumed = buffer.Start;
            var framedAt = _time.GetTimestamp();
            if (header.Type is BgpMessageType.Keepalive or BgpMessageType.Update)
            {
                Interlocked.Exchange(ref _lastHoldResetFramed, framedAt);
            }

            IBgpMessage message;
            try
            {
                message = Decode(header, body, context);
            }
            catch (BgpNotificationException ex)
            {
                _post(new SessionEvent.ReceiveFailed(this, ex, EventForDecodeError(header.Type)));
                return (false, consumed);
            }

            _post(new SessionEvent.MessageReceived(this, message, framedAt));
            if (header.Type == BgpMessageType.Open)
            {
                await _openProcessed.Task.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
        }
    }

    private static FsmEvent EventForDecodeError(BgpMessageType type) => type switch
    {
        BgpMessageType.Open => FsmEvent.BgpOpenMsgErr,

        // ROUTE-REFRESH errors (RFC 7313 §5, 7/1) close the session like an UPDATE error; the
        // NOTIFICATION carries the code the decoder chose.
        BgpMessageType.Update or BgpMessageType.RouteRefresh => FsmEvent.UpdateMsgErr,
        _ => FsmEvent.BgpHeaderErr,
    };

    private static IBgpMessage Decode(in BgpMessageHeader header, in ReadOnlySequence<byte> body, in DecodeContext context)
    {
        if (body.IsSingleSegment)
        {
            return BgpMessageDecoder.Decode(header, body.FirstSpan, context);
        }

        // A message split across segments is copied once (style rule 2); it is at most 64 KiB.
        var length = (int)body.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(rented);
            return BgpMessageDecoder.Decode(header, rented.AsSpan(0, length), context);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override string ToString() => $"#{Id} {(Outgoing ? "out" : "in")} {_transport}";
}
