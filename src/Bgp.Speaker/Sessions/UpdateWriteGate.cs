namespace Bgp.Speaker.Sessions;

/// <summary>
/// Bounds how many connections copy queued UPDATEs into their sockets at the same time, so that
/// bulk UPDATE writing never fills the thread pool's queue.
/// </summary>
/// <remarks>
/// Why: every session's timers, reader, event loop and writer run as thread-pool work items, and
/// the pool's queue is first in, first out. A reflector sending a full table to 1,000 clients has
/// 1,000 writers, each going round with 64 KiB at a time; in a CPU-starved process a KEEPALIVE or a
/// hold timer expiry then waits behind every other writer's round, for seconds (measured: 9–17 s
/// of silence towards clients and hold timers handled 9 s late at load 30). With a slot per core,
/// a writer without a slot waits off the pool (parked on its own queue, still writing control
/// messages at once) and the pool's queue holds only control work and a few UPDATE rounds.
/// Waiters get slots in arrival order, so every connection progresses in turn.
/// </remarks>
internal sealed class UpdateWriteGate
{
    /// <summary>The process's gate: one slot per processor (the rounds are CPU work: copying and the socket send).</summary>
    public static UpdateWriteGate Shared { get; } = new(Environment.ProcessorCount);

    private readonly Lock _lock = new();
    private readonly Queue<Func<bool>> _waiting = new();
    private int _free;

    public UpdateWriteGate(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _free = slots;
    }

    /// <summary>Slots free now (for tests).</summary>
    public int Free
    {
        get
        {
            lock (_lock)
            {
                return _free;
            }
        }
    }

    /// <summary>
    /// Takes a slot if one is free (true). Otherwise queues <paramref name="grant"/>, which a later
    /// <see cref="Exit"/> calls to hand over a slot; a grant that returns false (its writer is gone)
    /// passes the slot on.
    /// </summary>
    public bool TryEnterOrQueue(Func<bool> grant)
    {
        lock (_lock)
        {
            if (_free > 0)
            {
                _free--;
                return true;
            }

            _waiting.Enqueue(grant);
            return false;
        }
    }

    /// <summary>Gives a slot back: to the first waiter still there, or to the free count.</summary>
    public void Exit()
    {
        while (true)
        {
            Func<bool>? next;
            lock (_lock)
            {
                if (!_waiting.TryDequeue(out next))
                {
                    _free++;
                    return;
                }
            }

            if (next())
            {
                return;
            }
        }
    }
}
