using System.Collections.Concurrent;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>Engines driven directly: fake peers hand UPDATEs to the sink and read what the engine queues for them.</summary>
internal static class RoutingTestKit
{
    public const uint LocalAs = 65000;
    public static readonly IPAddress RouterId = IPAddress.Parse("10.0.0.1");
    public static readonly IPEndPoint LocalEndPoint = new(IPAddress.Parse("192.0.2.1"), 179);

    public static PeerOptions Peer(string name, uint remoteAs, string address) =>
        new() { Name = name, Address = IPAddress.Parse(address), RemoteAs = remoteAs };

    public static SpeakerOptions Options(params PeerOptions[] peers) =>
        new() { LocalAs = LocalAs, RouterId = RouterId, Peers = peers };

    public static RoutingEngine Engine(SpeakerOptions options, TimeProvider? time = null, RoutingEngineOptions? engineOptions = null)
    {
        var engine = new RoutingEngine(options, time ?? TimeProvider.System, NullLogger.Instance, engineOptions);
        engine.Start();
        return engine;
    }

    public static NegotiatedSession Negotiated(uint peerAs, string routerId, AddressFamilySet addPathSend = AddressFamilySet.None,
        GracefulRestartCapability? gracefulRestart = null, AddressFamilySet addPathReceive = AddressFamilySet.None, bool enhancedRefresh = false) => new()
    {
        PeerAs = peerAs,
        LocalAs = LocalAs,
        PeerRouterId = IPAddress.Parse(routerId),
        HoldTime = TimeSpan.FromSeconds(90),
        KeepaliveTime = TimeSpan.FromSeconds(30),
        Families = AddressFamilySet.All,
        FourOctetAs = true,
        AddPathSend = addPathSend,
        AddPathReceive = addPathReceive,
        RouteRefresh = true,
        EnhancedRouteRefresh = enhancedRefresh,
        PeerGracefulRestart = gracefulRestart,
    };

    public static PathAttributes Ipv4Attributes(uint nextHop, params uint[] asPath) => new()
    {
        Origin = Protocol.Iana.Origin.Igp,
        AsPath = AsPath.FromSequence(asPath),
        NextHop = nextHop,
    };

    public static UpdateMessage Announce(PathAttributes attributes, params string[] prefixes) => new()
    {
        Attributes = attributes,
        Nlri = [.. prefixes.Select(p => new NlriEntry(IpPrefix.Parse(p)))],
    };

    public static UpdateMessage AnnounceIpv6(PathAttributes attributes, MpNextHop nextHop, params string[] prefixes) => new()
    {
        Attributes = new PathAttributes
        {
            Origin = attributes.Origin,
            AsPath = attributes.AsPath,
            Communities = attributes.Communities,
            MpReach = new MpReachNlri(AddressFamily.Ipv6Unicast, nextHop, [.. prefixes.Select(p => new NlriEntry(IpPrefix.Parse(p)))]),
        },
    };

    public static UpdateMessage Withdraw(params string[] prefixes) => new()
    {
        Withdrawn = [.. prefixes.Select(p => new NlriEntry(IpPrefix.Parse(p)))],
    };

    public static uint Ipv4(string address) => LocalSpeaker.ToBgpIdentifier(IPAddress.Parse(address));

    /// <summary>How long <see cref="EventuallyAsync"/> waits unless told otherwise.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(10);

    /// <summary>Polls in real time until <paramref name="condition"/> holds (bounded by <paramref name="patience"/>, default <see cref="DefaultPatience"/>).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? DefaultPatience);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(5);
        }
    }
}

/// <summary>A peer of an engine without a session: its UPDATEs go straight to the sink; what the engine sends is decoded here.</summary>
internal sealed class FakePeer
{
    private readonly RoutingEngine _engine;

    public FakePeer(RoutingEngine engine, string name, NegotiatedSession negotiated, IPEndPoint? local = null)
    {
        _engine = engine;
        Name = name;
        Negotiated = negotiated;
        Outlet = new FakeOutlet(local ?? RoutingTestKit.LocalEndPoint);
    }

    public string Name { get; }

    public NegotiatedSession Negotiated { get; private set; }

    public FakeOutlet Outlet { get; private set; }

    public void Up()
    {
        _engine.OnEstablished(Name, Negotiated, Outlet);
    }

    /// <summary>A new session (after a restart): a fresh outlet.</summary>
    public void Reconnect(NegotiatedSession? negotiated = null)
    {
        Negotiated = negotiated ?? Negotiated;
        Outlet = new FakeOutlet(Outlet.LocalEndPoint);
        Up();
    }

    public void Send(UpdateMessage update) => _engine.OnUpdate(Name, update);

    public void Down(SessionDown? down = null)
    {
        Outlet.Close();
        _engine.OnDown(Name, down ?? new SessionDown("test"));
    }

    /// <summary>Every message the engine queued for this peer so far, decoded.</summary>
    public List<IBgpMessage> Received()
    {
        var context = Negotiated.ToEncodeContext().ToPeerDecodeContext(Negotiated.IsExternal);
        return [.. Outlet.Messages.Select(m => BgpMessageDecoder.Decode(m.Span, context))];
    }

    /// <summary>What this peer would have now: replays announcements and withdrawals, per (prefix, path id).</summary>
    public Dictionary<NlriEntry, PathAttributes> Table()
    {
        var table = new Dictionary<NlriEntry, PathAttributes>();
        foreach (var message in Received())
        {
            if (message is not UpdateMessage update)
            {
                continue;
            }

            foreach (var route in update.Withdrawn)
            {
                table.Remove(route);
            }

            if (update.Attributes.MpUnreach is { } unreach)
            {
                foreach (var route in unreach.Withdrawn)
                {
                    table.Remove(route);
                }
            }

            foreach (var route in update.Nlri)
            {
                table[route] = update.Attributes;
            }

            if (update.Attributes.MpReach is { } reach)
            {
                foreach (var route in reach.Nlri)
                {
                    table[route] = update.Attributes;
                }
            }
        }

        return table;
    }

    public int EndOfRibCount() => Received().Count(m => m is UpdateMessage u && u.IsEndOfRib(out _));
}

internal sealed class FakeOutlet(IPEndPoint local) : IUpdateOutlet
{
    private readonly ConcurrentQueue<ReadOnlyMemory<byte>> _messages = new();
    private Action? _callback;
    private int _closed;

    public IPEndPoint LocalEndPoint { get; } = local;

    public IPEndPoint RemoteEndPoint { get; } = new(IPAddress.Loopback, 179);

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Pretend the writer has not drained this much (backpressure tests).</summary>
    public long Backlog { get; set; }

    public long QueuedBytes => Backlog;

    public long SentMessages => _messages.Count;

    public IReadOnlyList<ReadOnlyMemory<byte>> Messages => [.. _messages];

    public bool Enqueue(ReadOnlyMemory<byte> message)
    {
        if (IsClosed)
        {
            return false;
        }

        _messages.Enqueue(message);
        return true;
    }

    public void NotifyWhenDrained(long lowWater, Action callback)
    {
        if (Backlog <= lowWater)
        {
            callback();
            return;
        }

        _callback = callback;
    }

    public void Drain()
    {
        Backlog = 0;
        Interlocked.Exchange(ref _callback, null)?.Invoke();
    }

    public void Close() => Volatile.Write(ref _closed, 1);
}
