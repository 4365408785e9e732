using System.Diagnostics.Metrics;
using System.Net;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Sessions;
using Xunit;

namespace Bgp.Speaker.Tests.Hosting;

public sealed class SpeakerMetricsTests
{
    [Fact]
    public void Instruments_ReportEachPeersStateTransitionsAndMessages()
    {
        var peers = new[]
        {
            new PeerStatus
            {
                Name = "tor1", Address = IPAddress.Parse("127.0.0.2"), RemoteAs = 65001,
                State = SessionState.Established, EstablishedTransitions = 3,
                Received = new MessageCounters { Open = 1, Update = 42, Keepalive = 7 },
                Sent = new MessageCounters { Open = 1, Keepalive = 9, Notification = 2 },
            },
            new PeerStatus { Name = "tor2", Address = IPAddress.Parse("127.0.0.3"), RemoteAs = 65002, State = SessionState.Active },
        };
        using var metrics = new SpeakerMetrics(() => peers);
        var seen = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SpeakerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => seen.Add((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen.Add((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(6, Value(seen, "bgp.session.state", "tor1"));
        Assert.Equal(3, Value(seen, "bgp.session.state", "tor2"));
        Assert.Equal(1, Value(seen, "bgp.session.established", "tor1"));
        Assert.Equal(0, Value(seen, "bgp.session.established", "tor2"));
        Assert.Equal(3, Value(seen, "bgp.session.established_transitions", "tor1"));
        Assert.Equal(42, seen.Single(m => m.Instrument == "bgp.messages" && Equals(m.Tags["peer"], "tor1")
            && Equals(m.Tags["direction"], "received") && Equals(m.Tags["type"], "update")).Value);
        Assert.Equal(2, seen.Single(m => m.Instrument == "bgp.messages" && Equals(m.Tags["peer"], "tor1")
            && Equals(m.Tags["direction"], "sent") && Equals(m.Tags["type"], "notification")).Value);
    }

    private static long Value(List<(string Instrument, long Value, Dictionary<string, object?> Tags)> seen, string instrument, string peer) =>
        seen.Single(m => m.Instrument == instrument && Equals(m.Tags["peer"], peer)).Value;

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
