using System.IO.Pipelines;
using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bgp.Speaker.Tests.Hosting;

using Speaker = Bgp.Speaker.Hosting.Speaker;

/// <summary>
/// Issue 5, dynamic peers: the speaker with fake sessions and a fake listener; an incoming
/// connection is what the listener would do with it (<see cref="Speaker.ResolveIncoming"/>, then
/// <see cref="IPeerSession.AcceptIncomingAsync"/>).
/// </summary>
public sealed class DynamicPeerTests
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly List<StateSession> _created = [];
    private readonly FakeListener.Factory _listeners = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Connection_FromRange_CreatesAPassiveSessionFromTheTemplate()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));

        IPeerSession? session = speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        Assert.NotNull(session);
        PeerOptions options = session.Options;
        Assert.Equal("nodes-10.0.0.5", options.Name);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), options.Address);
        Assert.Equal(ConnectionMode.Passive, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HoldTime);
        Assert.True(options.RouteReflectorClient);
        Assert.Equal(1, Created("nodes-10.0.0.5").StartCount);
        Assert.Contains(speaker.GetStatus(), status => status.Name == "nodes-10.0.0.5");
        Assert.Same(session, speaker.FindSession("nodes-10.0.0.5"));
        Assert.Same(session, speaker.FindPeer(IPAddress.Parse("10.0.0.5")));
        Assert.Contains(await speaker.GetPeerRouteCountsAsync(), counts => counts.Peer == "nodes-10.0.0.5");
        Assert.Equal(1, speaker.IncomingConnections.DynamicAccepted);
        Assert.Equal(1, speaker.IncomingConnections.DynamicPerRange["nodes"]);
    }

    [Fact]
    public async Task Connection_FromIpv4MappedAddress_IsMatchedAsIpv4()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));

        IPeerSession? session = speaker.ResolveIncoming(IPAddress.Parse("10.0.7.1").MapToIPv6());

        Assert.Equal("nodes-10.0.7.1", session?.Options.Name);
    }

    [Fact]
    public async Task Connection_FromNoRangeAndNoPeer_IsRefusedAndCounted()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));

        Assert.Null(speaker.ResolveIncoming(IPAddress.Parse("10.1.0.5")));
        Assert.Null(speaker.ResolveIncoming(IPAddress.Parse("192.0.2.9")));

        Assert.Empty(_created);
        Assert.Equal(2, speaker.IncomingConnections.RefusedUnknown);
        Assert.Empty(speaker.GetStatus());
    }

    [Fact]
    public async Task ConfiguredPeer_WinsOverTheRange()
    {
        PeerOptions explicitPeer = new() { Name = "pinned", Address = IPAddress.Parse("10.0.0.9"), RemoteAs = 64512 };
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")) with { Peers = [explicitPeer] });

        IPeerSession? session = speaker.ResolveIncoming(IPAddress.Parse("10.0.0.9"));

        Assert.Equal("pinned", session?.Options.Name);
        Assert.Equal(0, speaker.IncomingConnections.DynamicAccepted);
    }

    [Fact]
    public async Task Range_AtMaxPeers_RefusesTheNextAddress_AndCountsIt()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16") with { MaxPeers = 2 }));

        Assert.NotNull(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.1")));
        Assert.NotNull(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.2")));
        Assert.Null(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.3")));

        // The same address again is the same session, not a third one.
        Assert.Same(speaker.FindSession("nodes-10.0.0.1"), speaker.ResolveIncoming(IPAddress.Parse("10.0.0.1")));
        Assert.Equal(1, speaker.IncomingConnections.RefusedRangeFull);
        Assert.Equal(2, _created.Count);
    }

    [Fact]
    public async Task Session_ThatGoesDown_IsRemoved_AndItsSlotFreed()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16") with { MaxPeers = 1 }));
        IPeerSession session = speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"))!;
        Assert.True(await session.AcceptIncomingAsync(Connection()));
        StateSession fake = Created("nodes-10.0.0.5");
        fake.State = SessionState.Established;

        _time.Advance(Speaker.DynamicSweepInterval * 3);
        Assert.Same(session, speaker.FindSession("nodes-10.0.0.5"));

        fake.State = SessionState.Active; // a passive session back to waiting: its connection is gone
        _time.Advance(Speaker.DynamicSweepInterval);

        await WaitUntilAsync(() => fake.Disposed);
        Assert.Null(speaker.FindSession("nodes-10.0.0.5"));
        Assert.DoesNotContain(speaker.GetStatus(), status => status.Name == "nodes-10.0.0.5");
        Assert.DoesNotContain(await speaker.GetPeerRouteCountsAsync(), counts => counts.Peer == "nodes-10.0.0.5");
        Assert.False(speaker.IncomingConnections.DynamicPerRange.ContainsKey("nodes"));

        // The slot is free again: the peer (or another) may connect.
        Assert.NotNull(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.6")));
    }

    [Fact]
    public async Task Peer_ConnectingAgainAfterItsSessionEnded_GetsAFreshSession_BeforeTheSweep()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));
        IPeerSession first = speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"))!;
        Assert.True(await first.AcceptIncomingAsync(Connection()));
        Created("nodes-10.0.0.5").State = SessionState.Idle;
        StateSession firstFake = Created("nodes-10.0.0.5");

        IPeerSession? second = speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        Assert.NotNull(second);
        Assert.NotSame(first, second);
        Assert.Equal(2, _created.Count);
        await WaitUntilAsync(() => firstFake.Disposed);
        Assert.Same(second, speaker.FindSession("nodes-10.0.0.5"));
        Assert.Contains(await speaker.GetPeerRouteCountsAsync(), counts => counts.Peer == "nodes-10.0.0.5");
    }

    [Fact]
    public async Task Session_ThatNeverTakesItsConnection_IsDroppedAfterTheHandOverTimeout()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));
        Assert.NotNull(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5")));

        _time.Advance(Speaker.DynamicHandOverTimeout - Speaker.DynamicSweepInterval);
        Assert.NotNull(speaker.FindSession("nodes-10.0.0.5"));

        _time.Advance(Speaker.DynamicSweepInterval * 2);
        await WaitUntilAsync(() => _created[0].Disposed);
        Assert.Null(speaker.FindSession("nodes-10.0.0.5"));
    }

    [Fact]
    public async Task Reload_ChangedRange_ResetsItsSessionsWith6_6_UnchangedRangeKeepsThem()
    {
        SpeakerOptions before = Config(Range("nodes", "10.0.0.0/16"), Range("edge", "10.9.0.0/24"));
        await using Speaker speaker = await StartAsync(before);
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));
        speaker.ResolveIncoming(IPAddress.Parse("10.9.0.5"));

        DynamicPeerRange nodes = Range("nodes", "10.0.0.0/16");
        DynamicPeerRange changed = nodes with { Template = nodes.Template with { HoldTime = TimeSpan.FromSeconds(60) } };
        await speaker.ApplyAsync(before with { DynamicPeers = [changed, Range("edge", "10.9.0.0/24")] });

        StateSession reset = Created("nodes-10.0.0.5");
        Assert.Equal(new[] { CeaseSubcode.OtherConfigurationChange }, reset.Stops);
        Assert.True(reset.Disposed);
        Assert.Null(speaker.FindSession("nodes-10.0.0.5"));
        StateSession kept = Created("edge-10.9.0.5");
        Assert.Empty(kept.Stops);
        Assert.Same(kept, ((DynamicPeerSession)speaker.FindSession("edge-10.9.0.5")!).Session);

        // The peer comes back under the new template.
        Assert.Equal(TimeSpan.FromSeconds(60), speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"))!.Options.HoldTime);
    }

    [Fact]
    public async Task Reload_RemovedRange_StopsItsSessionsWith6_3_AndRefusesItsAddresses()
    {
        SpeakerOptions before = Config(Range("nodes", "10.0.0.0/16"));
        await using Speaker speaker = await StartAsync(before);
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        await speaker.ApplyAsync(before with { DynamicPeers = [] });

        Assert.Equal(new[] { CeaseSubcode.PeerDeconfigured }, Created("nodes-10.0.0.5").Stops);
        Assert.Null(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5")));
        Assert.Equal(1, speaker.IncomingConnections.RefusedUnknown);
    }

    [Fact]
    public async Task Reload_AddressNowConfigured_StopsTheDynamicSessionWith6_3_AndTheConfiguredPeerTakesOver()
    {
        SpeakerOptions before = Config(Range("nodes", "10.0.0.0/16"));
        await using Speaker speaker = await StartAsync(before);
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        PeerOptions pinned = new() { Name = "pinned", Address = IPAddress.Parse("10.0.0.5"), RemoteAs = 64512, Mode = ConnectionMode.Passive };
        await speaker.ApplyAsync(before with { Peers = [pinned] });

        Assert.Equal(new[] { CeaseSubcode.PeerDeconfigured }, Created("nodes-10.0.0.5").Stops);
        Assert.Equal("pinned", speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"))?.Options.Name);
    }

    [Fact]
    public async Task Reload_ChangedPolicyContent_KeepsTheRangesSessions()
    {
        SpeakerOptions Policies(string defaultAction) => ConfigLoader.Parse(
            $$"""
            { "localAs": 64512, "routerId": "192.0.2.1", "listen": { "address": "::", "port": 1179 },
              "policies": { "p": { "default": "{{defaultAction}}", "rules": [] } },
              "routeReflector": {},
              "dynamicPeers": [ { "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": "internal", "importPolicy": ["p"] } ] }
            """, "policies.json");
        await using Speaker speaker = await StartAsync(Policies("accept"));
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        await speaker.ApplyAsync(Policies("reject"));

        // Issue 4: a policy change is applied by the routing engine, never by a session reset.
        StateSession kept = Created("nodes-10.0.0.5");
        Assert.Empty(kept.Stops);
        Assert.Same(kept, ((DynamicPeerSession)speaker.FindSession("nodes-10.0.0.5")!).Session);
    }

    [Fact]
    public async Task Reload_TemplatePolicyNamesChanged_KeepsTheSession_AndShowsTheNewOptions()
    {
        SpeakerOptions before = Config(Range("nodes", "10.0.0.0/16"));
        await using Speaker speaker = await StartAsync(before);
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        DynamicPeerRange nodes = Range("nodes", "10.0.0.0/16");
        DynamicPeerRange changed = nodes with { Template = nodes.Template with { SoftReconfigurationInbound = true, AllowAsIn = 1 } };
        await speaker.ApplyAsync(before with { DynamicPeers = [changed] });

        StateSession kept = Created("nodes-10.0.0.5");
        Assert.Empty(kept.Stops);
        var session = (DynamicPeerSession)speaker.FindSession("nodes-10.0.0.5")!;
        Assert.Same(kept, session.Session);
        Assert.Same(changed, session.Range);
        Assert.True(session.Options.SoftReconfigurationInbound);
        Assert.Equal(1, session.Options.AllowAsIn);
        Assert.Equal("nodes-10.0.0.5", session.Options.Name);
    }

    [Fact]
    public async Task Stop_StopsDynamicSessionsWith6_2_AndRefusesNewOnes()
    {
        Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));

        await speaker.StopAsync();

        Assert.Equal(new[] { CeaseSubcode.AdministrativeShutdown }, Created("nodes-10.0.0.5").Stops);
        Assert.True(Created("nodes-10.0.0.5").Disposed);
        Assert.Null(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.6")));
        await speaker.DisposeAsync();
    }

    [Fact]
    public async Task ShutDownRange_RefusesItsAddresses()
    {
        DynamicPeerRange range = Range("nodes", "10.0.0.0/16");
        await using Speaker speaker = await StartAsync(Config(range with { Template = range.Template with { Shutdown = true } }));

        Assert.Null(speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5")));
        Assert.Empty(_created);
    }

    [Fact]
    public async Task Listener_IsGivenTheResolverThatCreatesDynamicSessions()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));

        IPeerSession? session = Assert.Single(_listeners.Bound).FindPeer(IPAddress.Parse("10.0.3.3"));

        Assert.Equal("nodes-10.0.3.3", session?.Options.Name);
    }

    [Fact]
    public async Task Metrics_ReportDynamicPeersAndRefusals()
    {
        await using Speaker speaker = await StartAsync(Config(Range("nodes", "10.0.0.0/16")));
        speaker.ResolveIncoming(IPAddress.Parse("10.0.0.5"));
        speaker.ResolveIncoming(IPAddress.Parse("192.0.2.50"));
        using var metrics = new SpeakerMetrics(speaker.GetStatus, () => speaker.IncomingConnections);
        var seen = new List<(string Instrument, long Value, string? Tag)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SpeakerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => seen.Add((instrument.Name, value, FirstTag(tags))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => seen.Add((instrument.Name, value, FirstTag(tags))));
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Contains(("bgp.session.state", 3L, (string?)"nodes-10.0.0.5"), seen);
        Assert.Contains(("bgp.connections.refused", 1L, (string?)"unknown_peer"), seen);
        Assert.Contains(("bgp.connections.refused", 0L, (string?)"range_full"), seen);
        Assert.Contains(("bgp.dynamic_peers", 1L, (string?)"nodes"), seen);
        Assert.Contains(("bgp.dynamic_peers.accepted", 1L, (string?)null), seen);
    }

    private static string? FirstTag(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length == 0 ? null : tags[0].Value as string;

    private static DynamicPeerRange Range(string name, string prefix) => new()
    {
        Name = name,
        Prefix = IPNetwork.Parse(prefix),
        Template = new PeerOptions
        {
            Name = name,
            Address = IPNetwork.Parse(prefix).BaseAddress,
            RemoteAs = 64512,
            Mode = ConnectionMode.Passive,
            HoldTime = TimeSpan.FromSeconds(30),
            RouteReflectorClient = true,
        },
    };

    private static SpeakerOptions Config(params DynamicPeerRange[] ranges) => new()
    {
        LocalAs = 64512,
        RouterId = IPAddress.Parse("192.0.2.1"),
        Listen = new ListenOptions { Address = IPAddress.IPv6Any, Port = 1179 },
        RouteReflector = new RouteReflectorOptions(),
        DynamicPeers = ranges,
    };

    private async Task<Speaker> StartAsync(SpeakerOptions options)
    {
        var speaker = new Speaker(options, CreateSession, _listeners.Create, NullLogger<Speaker>.Instance) { Time = _time };
        await speaker.StartAsync();
        return speaker;
    }

    private StateSession CreateSession(PeerOptions peer, SpeakerOptions speaker)
    {
        var session = new StateSession(peer);
        lock (_created)
        {
            _created.Add(session);
        }

        return session;
    }

    private StateSession Created(string name)
    {
        lock (_created)
        {
            return _created.Last(session => session.Options.Name == name);
        }
    }

    private static BgpTransportConnection Connection()
    {
        var pipe = new Pipe();
        return new BgpTransportConnection(new DuplexPipe(pipe.Reader, pipe.Writer), new IPEndPoint(IPAddress.Loopback, 1179), new IPEndPoint(IPAddress.Loopback, 40000));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), limit.Token);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>A session whose reported state the test sets.</summary>
    private sealed class StateSession(PeerOptions options) : IPeerSession, IReconfigurableSession
    {
        private readonly List<CeaseSubcode> _stops = [];

        public PeerOptions Options { get; private set; } = options;

        public void UpdateOptions(PeerOptions options)
        {
            if (!Options.EqualsExceptPolicy(options))
            {
                throw new ArgumentException("the options change the session itself", nameof(options));
            }

            Options = options;
        }

        public volatile SessionState State = SessionState.Idle;

        public int StartCount { get; private set; }

        public IReadOnlyList<CeaseSubcode> Stops
        {
            get
            {
                lock (_stops)
                {
                    return [.. _stops];
                }
            }
        }

        public volatile bool Disposed;

        public void Start()
        {
            StartCount++;
            State = SessionState.Active;
        }

        public ValueTask StopAsync(CeaseSubcode subcode, string? message, CancellationToken cancellationToken = default)
        {
            lock (_stops)
            {
                _stops.Add(subcode);
            }

            State = SessionState.Idle;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> AcceptIncomingAsync(BgpTransportConnection connection)
        {
            State = SessionState.OpenSent;
            return ValueTask.FromResult(true);
        }

        public PeerStatus GetStatus() => new() { Name = Options.Name, Address = Options.Address, RemoteAs = Options.RemoteAs, State = State };

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
