using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>Engines joined by real <see cref="PeerSession"/>s over in-memory pipes.</summary>
public sealed class RoutingSessionTests
{
    [Fact]
    public async Task Ipv4AndIpv6_CrossThreeSpeakers_AndWithdrawalsFollow()
    {
        await using var lab = new Lab();
        var a = lab.Speaker("a", 65001, "10.0.0.1");
        var b = lab.Speaker("b", 65002, "10.0.0.2");
        var c = lab.Speaker("c", 65003, "10.0.0.3");
        lab.Connect(a, b);
        lab.Connect(b, c);
        lab.Start();

        await a.Engine.AddLocalRouteAsync(new OriginatedRoute { Prefix = IpPrefix.Parse("10.1.0.0/24"), Communities = [65001u << 16 | 1], MultiExitDisc = 5 });
        await a.Engine.AddLocalRouteAsync(new OriginatedRoute { Prefix = IpPrefix.Parse("2001:db8:1::/48") });

        var v4 = await lab.WaitForRouteAsync(c, AddressFamily.Ipv4Unicast, "10.1.0.0/24");
        Assert.Equal([65002u, 65001u], v4.Attributes.AsPath!.Segments.Single().Asns);
        Assert.Equal([65001u << 16 | 1], v4.Attributes.Communities);
        Assert.Null(v4.Attributes.MultiExitDisc); // a's MED reached b, not c (RFC 4271 §5.1.4)
        Assert.Equal(5u, (await lab.WaitForRouteAsync(b, AddressFamily.Ipv4Unicast, "10.1.0.0/24")).Attributes.MultiExitDisc);
        var v6 = await lab.WaitForRouteAsync(c, AddressFamily.Ipv6Unicast, "2001:db8:1::/48");
        Assert.Equal([65002u, 65001u], v6.Attributes.AsPath!.Segments.Single().Asns);
        Assert.True(v6.Attributes.MpReach!.NextHop.IsIpv6);

        // And back: c's route reaches a.
        await c.Engine.AddLocalRouteAsync(new OriginatedRoute { Prefix = IpPrefix.Parse("10.3.0.0/24") });
        Assert.Equal([65002u, 65003u], (await lab.WaitForRouteAsync(a, AddressFamily.Ipv4Unicast, "10.3.0.0/24")).Attributes.AsPath!.Segments.Single().Asns);

        await a.Engine.RemoveLocalRouteAsync(IpPrefix.Parse("10.1.0.0/24"));
        await RoutingTestKit.EventuallyAsync(async () => !(await c.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.Prefix == IpPrefix.Parse("10.1.0.0/24")), "the withdrawal at c");
    }

    [Fact]
    public async Task HundredThousandRoutes_CrossASession()
    {
        await using var lab = new Lab();
        var a = lab.Speaker("a", 65001, "10.0.0.1");
        var b = lab.Speaker("b", 65002, "10.0.0.2");
        lab.Connect(a, b);
        a.AddFakePeer("feeder", 65009);
        lab.Start();
        const int Routes = 100_000;
        var feeder = new FakePeer(a.Engine, "feeder", RoutingTestKit.Negotiated(65009, "10.0.0.9"));
        feeder.Up();
        var attributes = RoutingTestKit.Ipv4Attributes(RoutingTestKit.Ipv4("10.0.0.9"), 65009);
        for (var i = 0; i < Routes; i += 1000)
        {
            feeder.Send(new UpdateMessage
            {
                Attributes = attributes,
                Nlri = [.. Enumerable.Range(i, 1000).Select(n => new NlriEntry(IpPrefix.FromIpv4((uint)(0x0A000000 + (n << 8)), 24)))],
            });
        }

        // 100k routes through two engines and a session: about a second on an idle machine, but CI
        // runs the test projects side by side on 2 cores, so the bound is generous.
        await RoutingTestKit.EventuallyAsync(
            async () => (await b.Engine.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Count == Routes,
            "100k routes at b",
            TimeSpan.FromSeconds(60));
        var counts = await a.Engine.GetPeerCountsAsync();
        Assert.Equal(Routes, counts.Single(c => c.Peer == "b").Advertised);
    }

    [Fact]
    public async Task Keepalive_IsWrittenBetweenUpdateChunks_NotAfterTheWholeTable()
    {
        var time = SessionTestKit.NewTime();
        var connector = new ScriptedConnector();
        var sink = new OutletSink();
        await using var session = SessionTestKit.NewSession(SessionTestKit.Peer(ScriptedPeer.DefaultAs, ConnectionMode.Active),
            new LocalSpeaker(65001, IPAddress.Parse("10.0.0.1")), connector, time, sink);
        session.Start();
        var peer = await connector.NextPeerAsync();
        await peer.HandshakeAsync();
        await SessionTestKit.WaitUntilAsync(() => sink.Outlet is not null, "the outlet");

        // 100 UPDATEs of 1,000 /24s each: 100k routes, ~400 KiB.
        var update = BgpMessageWriter.ToArray(new UpdateMessage
        {
            Attributes = RoutingTestKit.Ipv4Attributes(RoutingTestKit.Ipv4("10.0.0.1"), 65001),
            Nlri = [.. Enumerable.Range(0, 1000).Select(n => new NlriEntry(IpPrefix.FromIpv4((uint)(0x0A000000 + (n << 8)), 24)))],
        }, new EncodeContext { FourOctetAs = true });
        for (var i = 0; i < 100; i++)
        {
            sink.Outlet!.Enqueue(update);
        }

        var keepalivesBefore = session.GetStatus().Sent.Keepalive;
        time.Advance(TimeSpan.FromSeconds(30));
        await SessionTestKit.WaitUntilAsync(() => session.GetStatus().Sent.Keepalive > keepalivesBefore, "the keepalive to be queued");

        var updatesBeforeKeepalive = 0;
        while (await peer.ReadAsync() is UpdateMessage)
        {
            updatesBeforeKeepalive++;
        }

        // At most the chunk being written and one more (64 KiB each, 16 of these UPDATEs) precede it.
        Assert.InRange(updatesBeforeKeepalive, 0, 2 * (PeerConnection.MaxUpdateBytesPerFlush / update.Length + 1));
        var rest = 0;
        while (rest + updatesBeforeKeepalive < 100 && await peer.ReadAsync() is UpdateMessage)
        {
            rest++;
        }

        Assert.Equal(100, updatesBeforeKeepalive + rest);
    }

    private sealed class OutletSink : IRouteSink
    {
        public IUpdateOutlet? Outlet { get; private set; }

        public void OnEstablished(string peer, NegotiatedSession negotiated)
        {
        }

        public void OnEstablished(string peer, NegotiatedSession negotiated, IUpdateOutlet outlet) => Outlet = outlet;

        public void OnUpdate(string peer, UpdateMessage update)
        {
        }

        public void OnDown(string peer, string reason)
        {
        }
    }

    /// <summary>Speakers (engine + sessions) wired pairwise: the first of a pair connects, the second accepts.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        private readonly List<LabSpeaker> _speakers = [];

        public LabSpeaker Speaker(string name, uint asn, string routerId)
        {
            var speaker = new LabSpeaker(name, asn, IPAddress.Parse(routerId));
            _speakers.Add(speaker);
            return speaker;
        }

        public void Connect(LabSpeaker active, LabSpeaker passive)
        {
            var toPassive = new PeerOptions { Name = passive.Name, Address = passive.RouterId, RemoteAs = passive.As, Mode = ConnectionMode.Active, ConnectRetryTime = TimeSpan.FromSeconds(1) };
            var toActive = new PeerOptions { Name = active.Name, Address = active.RouterId, RemoteAs = active.As, Mode = ConnectionMode.Passive };
            active.Peers.Add(toPassive);
            passive.Peers.Add(toActive);
            passive.Sessions[active.Name] = new PeerSession(toActive, passive.Local, new ScriptedConnector(), TimeProvider.System, NullLogger.Instance);
            active.Sessions[passive.Name] = new PeerSession(toPassive, active.Local, new SessionConnector(() => passive.Sessions[active.Name]),
                TimeProvider.System, NullLogger.Instance);
        }

        public void Start()
        {
            foreach (var speaker in _speakers)
            {
                speaker.Start();
            }

            foreach (var speaker in _speakers)
            {
                foreach (var session in speaker.Sessions.Values)
                {
                    session.Start();
                }
            }
        }

        public async Task<RouteSnapshot> WaitForRouteAsync(LabSpeaker speaker, AddressFamily family, string prefix)
        {
            var wanted = IpPrefix.Parse(prefix);
            RouteSnapshot? found = null;
            await RoutingTestKit.EventuallyAsync(async () =>
            {
                found = (await speaker.Engine.GetRoutesAsync(family)).FirstOrDefault(r => r.Prefix == wanted && r.IsBest);
                return found is not null;
            }, $"{prefix} at {speaker.Name}");
            return found!;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var speaker in _speakers)
            {
                foreach (var session in speaker.Sessions.Values)
                {
                    await session.DisposeAsync();
                }
            }

            foreach (var speaker in _speakers)
            {
                if (speaker.Engine is { } engine)
                {
                    await engine.DisposeAsync();
                }
            }
        }
    }

    private sealed class LabSpeaker(string name, uint asn, IPAddress routerId)
    {
        public string Name { get; } = name;

        public uint As { get; } = asn;

        public IPAddress RouterId { get; } = routerId;

        public LocalSpeaker Local { get; } = new(asn, routerId);

        public List<PeerOptions> Peers { get; } = [];

        public Dictionary<string, PeerSession> Sessions { get; } = [];

        /// <summary>Created by <see cref="Start"/>; disposed by the lab.</summary>
        public RoutingEngine Engine { get; private set; } = null!;

        public void AddFakePeer(string name, uint remoteAs) =>
            Peers.Add(new PeerOptions { Name = name, Address = IPAddress.Parse("10.9.9.9"), RemoteAs = remoteAs });

        public void Start()
        {
            Engine = new RoutingEngine(new SpeakerOptions { LocalAs = As, RouterId = RouterId, Peers = Peers }, TimeProvider.System, NullLogger.Instance);
            Engine.Start();
            foreach (var session in Sessions.Values)
            {
                session.AttachRouteSink(Engine);
            }
        }
    }
}
