using System.Net;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// The outbound UPDATE path of one established connection, handed to the routing core with
/// <see cref="IRouteSink.OnEstablished(string, NegotiatedSession, IUpdateOutlet)"/>. Messages are
/// pre-encoded (one encoding is shared by every peer of an update group, style rule 5) and written
/// by the connection's writer after any pending KEEPALIVE or NOTIFICATION, at most a bounded
/// number of octets per flush, so a large Adj-RIB-Out never starves keepalives.
/// </summary>
/// <remarks>
/// Flow control is the producer's: it keeps <see cref="QueuedBytes"/> under a high-water mark and
/// asks with <see cref="NotifyWhenDrained"/> to be called back when the writer has drained the
/// queue below a low-water mark, then produces more (pull, not push: a reflector with 1M routes
/// and 100 peers never holds 100 copies of its table in queues).
/// </remarks>
public interface IUpdateOutlet
{
    /// <summary>Our end of the TCP connection (the next-hop-self address).</summary>
    IPEndPoint LocalEndPoint { get; }

    IPEndPoint RemoteEndPoint { get; }

    /// <summary>The connection closed; <see cref="Enqueue"/> drops everything from now on.</summary>
    bool IsClosed { get; }

    /// <summary>Octets queued and not yet handed to the transport.</summary>
    long QueuedBytes { get; }

    /// <summary>Messages handed to the transport so far (UPDATE, ROUTE-REFRESH).</summary>
    long SentMessages { get; }

    /// <summary>Queues one whole encoded message (header included). False when the connection is closed.</summary>
    bool Enqueue(ReadOnlyMemory<byte> message);

    /// <summary>
    /// Calls <paramref name="callback"/> once, from the writer's task, when <see cref="QueuedBytes"/>
    /// is at most <paramref name="lowWater"/> (at once if it already is) or the connection closed.
    /// A later request replaces an earlier one that has not fired.
    /// </summary>
    void NotifyWhenDrained(long lowWater, Action callback);
}
