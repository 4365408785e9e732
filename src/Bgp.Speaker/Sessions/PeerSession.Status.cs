using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Fsm;

namespace Bgp.Speaker.Sessions;

/// <summary>The status snapshot: written by the event loop, read from any thread.</summary>
public sealed partial class PeerSession
{
    private readonly Lock _statusLock = new();
    private readonly long[] _sentCounts = new long[CounterSlots];
    private readonly long[] _receivedCounts = new long[CounterSlots];
    private SessionState _state;
    private string? _lastError;
    private DateTimeOffset? _establishedSince;
    private int _establishedTransitions;
    private IReadOnlyList<Capability> _peerCapabilities = [];
    private TimeSpan _negotiatedHoldTime;
    private System.Net.IPAddress? _peerRouterId;
    private NegotiatedSession? _negotiated;
    private long _holdExpiriesDeferred;

    /// <summary>One slot per message type code (RFC 4271 §4.1 types 1-4, RFC 2918 type 5).</summary>
    private const int CounterSlots = (int)BgpMessageType.RouteRefresh + 1;

    public PeerStatus GetStatus()
    {
        lock (_statusLock)
        {
            return new PeerStatus
            {
                Name = Options.Name,
                Address = Options.Address,
                RemoteAs = Options.RemoteAs,
                State = _state,
                EstablishedSince = _establishedSince,
                EstablishedTransitions = _establishedTransitions,
                LastError = _lastError,
                Sent = Counters(_sentCounts),
                Received = Counters(_receivedCounts),
                PeerCapabilities = _peerCapabilities,
                NegotiatedHoldTime = _negotiatedHoldTime,
                PeerRouterId = _peerRouterId,
                LongestReceiveDelay = _delays.Longest(SessionDelayKind.Receive),
                LongestTimerDelay = _delays.Longest(SessionDelayKind.Timer),
                LongestSendDelay = _delays.Longest(SessionDelayKind.Send),
                HoldExpiriesDeferred = Interlocked.Read(ref _holdExpiriesDeferred),
            };
        }
    }

    /// <summary>What the established session negotiated; null when not established.</summary>
    internal NegotiatedSession? Negotiated
    {
        get
        {
            lock (_statusLock)
            {
                return _negotiated;
            }
        }
    }

    /// <summary>Open connections (up to two while a collision is unresolved), for tests.</summary>
    internal int ConnectionCount => (_primary.Connection is null ? 0 : 1) + (_secondary?.Connection is null ? 0 : 1);

    /// <summary>Whether the established connection is the one we initiated, for collision tests.</summary>
    internal bool? EstablishedOnOutgoingConnection =>
        _primary.State == SessionState.Established ? _primary.Connection?.Outgoing : null;

    private static MessageCounters Counters(long[] counts) => new()
    {
        Open = Interlocked.Read(ref counts[(int)BgpMessageType.Open]),
        Update = Interlocked.Read(ref counts[(int)BgpMessageType.Update]),
        Notification = Interlocked.Read(ref counts[(int)BgpMessageType.Notification]),
        Keepalive = Interlocked.Read(ref counts[(int)BgpMessageType.Keepalive]),
        RouteRefresh = Interlocked.Read(ref counts[(int)BgpMessageType.RouteRefresh]),
    };

    private void CountSent(BgpMessageType type) => Count(_sentCounts, type);

    private void CountHoldExpiryDeferred() => Interlocked.Increment(ref _holdExpiriesDeferred);

    private void CountReceived(BgpMessageType type) => Count(_receivedCounts, type);

    private static void Count(long[] counts, BgpMessageType type)
    {
        if ((int)type < counts.Length)
        {
            Interlocked.Increment(ref counts[(int)type]);
        }
    }

    private void SetLastError(string text)
    {
        lock (_statusLock)
        {
            _lastError = text;
        }
    }

    private string LastErrorOr(string fallback)
    {
        lock (_statusLock)
        {
            return _lastError ?? fallback;
        }
    }

    private void RecordPeerOpen(OpenMessage open, NegotiatedSession negotiated)
    {
        lock (_statusLock)
        {
            _peerCapabilities = open.Capabilities;
            _negotiatedHoldTime = negotiated.HoldTime;
            _peerRouterId = negotiated.PeerRouterId;
        }
    }

    private void RecordEstablished(NegotiatedSession negotiated)
    {
        lock (_statusLock)
        {
            _establishedSince = _time.GetUtcNow();
            _establishedTransitions++;
            _negotiated = negotiated;
        }
    }

    private void RecordDown()
    {
        lock (_statusLock)
        {
            _establishedSince = null;
            _negotiated = null;
        }
    }

    private void UpdateReportedState()
    {
        var state = _secondary is { } secondary && secondary.State > _primary.State ? secondary.State : _primary.State;
        lock (_statusLock)
        {
            _state = state;
        }
    }
}
