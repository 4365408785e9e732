using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Sessions;

/// <summary>What waited: the three hops where a starved process makes a session late.</summary>
internal enum SessionDelayKind
{
    /// <summary>A whole message framed by the reader, until the event loop handled it.</summary>
    Receive,

    /// <summary>A session timer's due time, until the event loop handled its expiry.</summary>
    Timer,

    /// <summary>A KEEPALIVE or NOTIFICATION queued to the writer, until it was written and flushed to the transport.</summary>
    Send,
}

/// <summary>
/// The longest delay of each <see cref="SessionDelayKind"/> one session has seen, written by its
/// event loop and its connections' reader and writer, read by status and metrics. When a delay
/// first reaches a new power of two seconds (1, 2, 4 … s) it is logged once, so a CPU-starved
/// process says where its sessions wait at a cost of a few lines per session.
/// </summary>
internal sealed class SessionDelays(string peer, ILogger logger)
{
    private static readonly long FirstLoggedTicks = TimeSpan.TicksPerSecond;

    private static readonly int Kinds = Enum.GetValues<SessionDelayKind>().Length;

    private readonly long[] _longestTicks = new long[Kinds];
    private readonly long[] _nextLoggedTicks = Enumerable.Repeat(FirstLoggedTicks, Kinds).ToArray();

    public TimeSpan Longest(SessionDelayKind kind) => TimeSpan.FromTicks(Interlocked.Read(ref _longestTicks[(int)kind]));

    /// <summary>Records one delay; <paramref name="what"/> names it in the log line.</summary>
    public void Record(SessionDelayKind kind, TimeSpan delay, string what)
    {
        var ticks = delay.Ticks;
        ref var longest = ref _longestTicks[(int)kind];
        var current = Interlocked.Read(ref longest);
        while (ticks > current)
        {
            var seen = Interlocked.CompareExchange(ref longest, ticks, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        ref var next = ref _nextLoggedTicks[(int)kind];
        var threshold = Interlocked.Read(ref next);
        if (ticks < threshold || Interlocked.CompareExchange(ref next, NextPowerOfTwo(ticks), threshold) != threshold)
        {
            return;
        }

        SessionLog.Delayed(logger, peer, kind, what, delay.TotalMilliseconds, ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount);
    }

    private static long NextPowerOfTwo(long ticks)
    {
        var next = FirstLoggedTicks;
        while (next <= ticks)
        {
            next *= 2;
        }

        return next;
    }
}
