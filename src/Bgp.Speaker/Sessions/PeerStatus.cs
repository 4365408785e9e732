using System.Net;
using Bgp.Protocol.Capabilities;
using Bgp.Speaker.Fsm;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// A point-in-time snapshot of one peer for the CLI, metrics and tests: state, uptime, the last
/// error, message counters and what was negotiated.
/// </summary>
public sealed record PeerStatus
{
    public required string Name { get; init; }

    public required IPAddress Address { get; init; }

    public required uint RemoteAs { get; init; }

    public SessionState State { get; init; }

    /// <summary>When the session last reached Established; null when it is not established.</summary>
    public DateTimeOffset? EstablishedSince { get; init; }

    /// <summary>Times the session reached Established since the process started.</summary>
    public int EstablishedTransitions { get; init; }

    /// <summary>Why the session last went down, in words (a NOTIFICATION sent or received, a socket error).</summary>
    public string? LastError { get; init; }

    public MessageCounters Received { get; init; } = new();

    public MessageCounters Sent { get; init; } = new();

    /// <summary>The peer's OPEN capabilities, once received.</summary>
    public IReadOnlyList<Capability> PeerCapabilities { get; init; } = [];

    /// <summary>The negotiated hold time; zero before OPEN or when negotiated to zero.</summary>
    public TimeSpan NegotiatedHoldTime { get; init; }

    /// <summary>The peer's BGP identifier, once its OPEN was received.</summary>
    public IPAddress? PeerRouterId { get; init; }

    /// <summary>Since the session was created, the longest wait of a whole received message for the event loop.</summary>
    public TimeSpan LongestReceiveDelay { get; init; }

    /// <summary>Since the session was created, the longest time a timer's expiry was handled after its due time.</summary>
    public TimeSpan LongestTimerDelay { get; init; }

    /// <summary>Since the session was created, the longest time from queueing a message (KEEPALIVE, NOTIFICATION) to flushing it.</summary>
    public TimeSpan LongestSendDelay { get; init; }

    /// <summary>
    /// Times a HoldTimer expiry was handled while a KEEPALIVE or UPDATE that arrived within the hold
    /// time was still waiting for the event loop, so the timer was re-armed instead (a starved process).
    /// </summary>
    public long HoldExpiriesDeferred { get; init; }
}

/// <summary>Messages by type, one direction.</summary>
public sealed record MessageCounters
{
    public long Open { get; init; }
    public long Update { get; init; }
    public long Notification { get; init; }
    public long Keepalive { get; init; }
    public long RouteRefresh { get; init; }

    public long Total => Open + Update + Notification + Keepalive + RouteRefresh;
}
