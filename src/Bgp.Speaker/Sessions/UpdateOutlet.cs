using System.Collections.Concurrent;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// The queue behind <see cref="IUpdateOutlet"/>: filled by the routing task, drained by the
/// connection's writer (<see cref="PeerConnection"/>), which wakes on <see cref="_wake"/>.
/// </summary>
internal sealed class UpdateOutlet : IUpdateOutlet
{
    private readonly ConcurrentQueue<ReadOnlyMemory<byte>> _queue = new();
    private readonly Action _wake;
    private readonly Action<BgpMessageType> _counted;
    private readonly Lock _notifyLock = new();
    private long _queuedBytes;
    private long _sent;
    private int _closed;
    private long _lowWater;
    private Action? _callback;

    public UpdateOutlet(IPEndPoint local, IPEndPoint remote, Action wake, Action<BgpMessageType> counted)
    {
        LocalEndPoint = local;
        RemoteEndPoint = remote;
        _wake = wake;
        _counted = counted;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

    public long SentMessages => Interlocked.Read(ref _sent);

    public bool HasPending => !_queue.IsEmpty;

    public bool Enqueue(ReadOnlyMemory<byte> message)
    {
        if (IsClosed)
        {
            return false;
        }

        // The type octet follows the marker and the length (RFC 4271 §4.1).
        _counted(message.Length > BgpConstants.HeaderLength - 1 ? (BgpMessageType)message.Span[BgpConstants.HeaderLength - 1] : BgpMessageType.Update);
        Interlocked.Add(ref _queuedBytes, message.Length);
        _queue.Enqueue(message);
        _wake();
        return true;
    }

    public void NotifyWhenDrained(long lowWater, Action callback)
    {
        lock (_notifyLock)
        {
            _lowWater = lowWater;
            _callback = callback;
        }

        FireIfDrained();
    }

    /// <summary>The writer takes the next message; it counts as sent once dequeued.</summary>
    public bool TryDequeue(out ReadOnlyMemory<byte> message)
    {
        if (!_queue.TryDequeue(out message))
        {
            return false;
        }

        Interlocked.Add(ref _queuedBytes, -message.Length);
        Interlocked.Increment(ref _sent);
        return true;
    }

    /// <summary>After a flush: calls a waiting producer back if the queue drained enough.</summary>
    public void FireIfDrained()
    {
        Action? callback = null;
        lock (_notifyLock)
        {
            if (_callback is not null && (IsClosed || QueuedBytes <= _lowWater))
            {
                callback = _callback;
                _callback = null;
            }
        }

        callback?.Invoke();
    }

    public void Close()
    {
        Volatile.Write(ref _closed, 1);
        while (_queue.TryDequeue(out var message))
        {
            Interlocked.Add(ref _queuedBytes, -message.Length);
        }

        FireIfDrained();
    }
}
