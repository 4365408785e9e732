using System.Diagnostics.Metrics;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// Session metrics on <see cref="System.Diagnostics.Metrics"/>, exported through OpenTelemetry
/// (<c>bgpd run --metrics otlp|console</c>). Every instrument is observable: values are read from
/// <see cref="PeerStatus"/> snapshots when a collector asks, so the sessions' hot paths carry no
/// metric code. Tags: <c>peer</c> (the configured name, or RANGE-ADDRESS for a dynamic peer), <c>direction</c>,
/// <c>type</c>, and for incoming connections <c>reason</c> and <c>range</c>.
/// </summary>
public sealed class SpeakerMetrics : IDisposable
{
    public const string MeterName = "Bgp.Speaker";

    private readonly Meter _meter;

    public SpeakerMetrics(Func<IReadOnlyList<PeerStatus>> status)
        : this(status, null)
    {
    }

    /// <param name="incoming">Refused and dynamic incoming connections (<see cref="Speaker.IncomingConnections"/>); null leaves those instruments out.</param>
    public SpeakerMetrics(Func<IReadOnlyList<PeerStatus>> status, Func<IncomingConnectionCounters>? incoming)
    {
        _meter = new Meter(MeterName);

        // 1..6 as in the BGP MIB's bgpPeerState (RFC 4273): idle(1) … established(6).
        _meter.CreateObservableGauge("bgp.session.state", () => status().Select(p =>
                new Measurement<int>(StateNumber(p.State), new KeyValuePair<string, object?>("peer", p.Name))),
            unit: "{state}", description: "RFC 4271 state of each peer's session: 1 Idle … 6 Established (RFC 4273 numbering)");

        _meter.CreateObservableGauge("bgp.session.established", () => status().Select(p =>
                new Measurement<int>(p.State == SessionState.Established ? 1 : 0, new KeyValuePair<string, object?>("peer", p.Name))),
            unit: "{session}", description: "1 while the peer's session is Established");

        _meter.CreateObservableCounter("bgp.session.established_transitions", () => status().Select(p =>
                new Measurement<long>(p.EstablishedTransitions, new KeyValuePair<string, object?>("peer", p.Name))),
            unit: "{transition}", description: "Times the session reached Established (RFC 4273 bgpPeerFsmEstablishedTransitions)");

        _meter.CreateObservableCounter("bgp.messages", () => status().SelectMany(Messages),
            unit: "{message}", description: "BGP messages by peer, direction (sent|received) and type");

        _meter.CreateObservableGauge("bgp.session.longest_delay", () => status().SelectMany(Delays),
            unit: "s", description: "Longest wait since the session was created, by kind: receive (message framed to handled), timer (due to handled), send (queued to flushed)");

        if (incoming is not null)
        {
            _meter.CreateObservableCounter("bgp.connections.refused", () => Refused(incoming()),
                unit: "{connection}", description: "Incoming connections closed unheard, by reason: unknown_peer (no peer, no dynamicPeers range) or range_full (maxPeers reached)");

            _meter.CreateObservableCounter("bgp.dynamic_peers.accepted", () => incoming().DynamicAccepted,
                unit: "{session}", description: "Sessions created from dynamicPeers ranges since start");

            _meter.CreateObservableGauge("bgp.dynamic_peers", () => incoming().DynamicPerRange.Select(pair =>
                    new Measurement<int>(pair.Value, new KeyValuePair<string, object?>("range", pair.Key))),
                unit: "{session}", description: "Live dynamic sessions per dynamicPeers range");
        }
    }

    public void Dispose() => _meter.Dispose();

    private static Measurement<long>[] Refused(IncomingConnectionCounters counters) =>
    [
        new(counters.RefusedUnknown, new KeyValuePair<string, object?>("reason", "unknown_peer")),
        new(counters.RefusedRangeFull, new KeyValuePair<string, object?>("reason", "range_full")),
    ];

    private static int StateNumber(SessionState state) => state switch
    {
        SessionState.Idle => 1,
        SessionState.Connect => 2,
        SessionState.Active => 3,
        SessionState.OpenSent => 4,
        SessionState.OpenConfirm => 5,
        SessionState.Established => 6,
        _ => 0,
    };

    private static Measurement<double>[] Delays(PeerStatus peer) =>
    [
        Delay(peer.Name, "receive", peer.LongestReceiveDelay),
        Delay(peer.Name, "timer", peer.LongestTimerDelay),
        Delay(peer.Name, "send", peer.LongestSendDelay),
    ];

    private static Measurement<double> Delay(string peer, string kind, TimeSpan delay) =>
        new(delay.TotalSeconds, new KeyValuePair<string, object?>("peer", peer), new KeyValuePair<string, object?>("kind", kind));

    private static IEnumerable<Measurement<long>> Messages(PeerStatus peer) =>
        Counts(peer.Name, "received", peer.Received).Concat(Counts(peer.Name, "sent", peer.Sent));

    private static IEnumerable<Measurement<long>> Counts(string peer, string direction, MessageCounters counters)
    {
        yield return Count(peer, direction, "open", counters.Open);
        yield return Count(peer, direction, "update", counters.Update);
        yield return Count(peer, direction, "notification", counters.Notification);
        yield return Count(peer, direction, "keepalive", counters.Keepalive);
        yield return Count(peer, direction, "route_refresh", counters.RouteRefresh);
    }

    private static Measurement<long> Count(string peer, string direction, string type, long value) =>
        new(value,
            new KeyValuePair<string, object?>("peer", peer),
            new KeyValuePair<string, object?>("direction", direction),
            new KeyValuePair<string, object?>("type", type));
}
