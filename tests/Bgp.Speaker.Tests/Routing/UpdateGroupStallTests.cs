using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>
/// An update group must never stay waiting once its members can take more: members that drain
/// in turn, leave while the group waits on them, or come back while a catch-up is shared.
/// </summary>
public sealed class UpdateGroupStallTests
{
    private static readonly IpPrefix Prefix1 = IpPrefix.Parse("10.1.0.0/24");

    /// <summary>How long a group may take to resume (seconds are plenty; a stalled group never does).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private const int MaxChaosSteps = 400;

    [Fact]
    public async Task TwoFullMembers_TheSecondDrainingWakesTheGroup()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "10.0.0.2"), Peer("a", 65002, "10.0.0.3"), Peer("b", 65003, "10.0.0.4")));
        var (a, b) = await BothMembersFullWithARouteToSendAsync(engine);
        a.Outlet.Drain();
        await engine.WhenProcessedAsync();
        Assert.DoesNotContain(new NlriEntry(Prefix1), a.Table().Keys); // b still holds the group

        // The wake-up a's drain gave was used; b's drain must give another.
        b.Outlet.Drain();
        await EventuallyUnpromptedAsync(
            () => a.Table().ContainsKey(new NlriEntry(Prefix1)) && b.Table().ContainsKey(new NlriEntry(Prefix1)),
            "the group to resume after the second member drained");
    }

    [Fact]
    public async Task WaitedMemberLeaves_TheOtherFullMemberStillWakesTheGroup()
    {
        await using var engine = Engine(Options(Peer("src", 65001, "10.0.0.2"), Peer("a", 65002, "10.0.0.3"), Peer("b", 65003, "10.0.0.4")));
        var (a, b) = await BothMembersFullWithARouteToSendAsync(engine);

        // The group waits on a (its first full member); a's session drops.
        a.Down();
        await engine.WhenProcessedAsync();
        Assert.DoesNotContain(new NlriEntry(Prefix1), b.Table().Keys);

        b.Outlet.Drain();
        await EventuallyUnpromptedAsync(() => b.Table().ContainsKey(new NlriEntry(Prefix1)), "the group to resume after the remaining full member drained");
    }

    [Fact]
    public async Task MemberBackDuringItsCatchUp_GetsEndOfRibOnlyAfterTheWholeTable()
    {
        const int Routes = 20_000;
        await using var engine = Engine(
            Options(Peer("src", 65001, "10.0.0.2"), Peer("a", 65002, "10.0.0.3"), Peer("c", 65004, "10.0.0.5")),
            engineOptions: new RoutingEngineOptions { PrefixesPerPump = 1000 });
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var a = new FakePeer(engine, "a", Negotiated(65002, "10.0.0.3"));
        src.Up();
        a.Up();
        SendTable(src, Routes, Ipv4("10.0.0.2"), 65001);
        await engine.WhenProcessedAsync();
        Assert.Equal(Routes, a.Table().Count);

        // c joins; its catch-up (one UPDATE a route, ~1 MiB) stops at the high-water mark, as
        // nobody reads c's queue.
        var negotiated = Negotiated(65004, "10.0.0.5");
        var first = new ClientSession(negotiated);
        engine.OnEstablished("c", negotiated, first.Outlet);
        await engine.WhenProcessedAsync();
        Assert.True(first.Outlet.QueuedBytes > UpdateGroup.HighWater, "c's catch-up waits for its queue");

        // a is full too, so the group cannot go on while c's session drops and comes back.
        a.Outlet.Backlog = UpdateGroup.HighWater + 1;
        first.Outlet.Close();
        engine.OnDown("c", new SessionDown("hold timer expired"));
        await engine.WhenProcessedAsync();
        var second = new ClientSession(negotiated);
        engine.OnEstablished("c", negotiated, second.Outlet);
        await engine.WhenProcessedAsync();

        a.Outlet.Drain();
        await EventuallyUnpromptedAsync(() =>
        {
            second.Read();
            return second.EndOfRibSeen;
        }, "c's End-of-RIB");

        // RFC 4724 §2: End-of-RIB follows the initial update, the whole table.
        Assert.Equal(Routes, second.RoutesAtEndOfRib);
    }

    [Fact]
    public async Task ClientsDroppingAndStallingDuringTheInitialTable_AllEndWithTheFullTable()
    {
        const int Routes = 20_000;
        const int Withdrawn = 2_000;
        const int Clients = 30;
        var chaosTime = TimeSpan.FromSeconds(2);
        var names = Enumerable.Range(0, Clients).Select(i => $"c{i}").ToArray();
        await using var engine = Engine(
            Options([Peer("feeder", 65001, "10.0.0.2"), .. names.Select((name, i) => Peer(name, (uint)(65100 + i), $"10.0.1.{i + 1}"))]),
            engineOptions: new RoutingEngineOptions { PrefixesPerPump = 2000 });
        var feeder = new FakePeer(engine, "feeder", Negotiated(65001, "10.0.0.2"));
        feeder.Up();
        var random = new Random(20261124);
        var clients = names.Select((name, i) => new ChaosClient(engine, name, Negotiated((uint)(65100 + i), $"10.0.1.{i + 1}"))).ToArray();
        foreach (var client in clients)
        {
            client.Up();
        }

        // The table arrives while clients drop, come back and stop reading for a while.
        var feeding = Task.Run(() =>
        {
            SendTable(feeder, Routes, Ipv4("10.0.0.2"), 65001);
            feeder.Send(Withdraw([.. Enumerable.Range(0, Withdrawn).Select(i => PrefixOf(i).ToString())]));
        });
        // On a thread of its own: the readers keep the thread pool busy.
        var changes = await Task.Factory.StartNew(() => Chaos(clients, random, chaosTime), TaskCreationOptions.LongRunning);
        await feeding;
        foreach (var client in clients.Where(c => !c.IsUp))
        {
            client.Up();
        }

        var expected = Enumerable.Range(Withdrawn, Routes - Withdrawn).Select(PrefixOf).ToHashSet();
        try
        {
            await EventuallyUnpromptedAsync(() => clients.All(c => c.HasExactly(expected)), $"every client with the full table after {changes} changes");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.StopAsync();
            }
        }

        Assert.True(clients.Sum(c => c.Sessions) > Clients, "some client came back");
    }

    /// <summary>
    /// Polls <paramref name="condition"/> without posting anything to the engine: a query would
    /// make it pump its groups, the very wake-up a stalled group lacks once sessions go quiet.
    /// </summary>
    private static async Task EventuallyUnpromptedAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }

    /// <summary>Peers src, a and b up; a's and b's queues over the high-water mark; src has announced <see cref="Prefix1"/>, which the group must hold back.</summary>
    private static async Task<(FakePeer A, FakePeer B)> BothMembersFullWithARouteToSendAsync(RoutingEngine engine)
    {
        var src = new FakePeer(engine, "src", Negotiated(65001, "10.0.0.2"));
        var a = new FakePeer(engine, "a", Negotiated(65002, "10.0.0.3"));
        var b = new FakePeer(engine, "b", Negotiated(65003, "10.0.0.4"));
        src.Up();
        a.Up();
        b.Up();
        await engine.WhenProcessedAsync();
        a.Outlet.Backlog = UpdateGroup.HighWater + 1;
        b.Outlet.Backlog = UpdateGroup.HighWater + 1;

        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefix1.ToString()));
        await engine.WhenProcessedAsync();
        return (a, b);
    }

    /// <summary>Drops, brings back and stalls random clients for <paramref name="time"/>, at most <see cref="MaxChaosSteps"/> times; returns how many.</summary>
    private static int Chaos(ChaosClient[] clients, Random random, TimeSpan time)
    {
        var end = DateTime.UtcNow + time;
        var steps = 0;
        while (DateTime.UtcNow < end && steps < MaxChaosSteps)
        {
            var client = clients[random.Next(clients.Length)];
            switch (random.Next(3))
            {
                case 0 when client.IsUp:
                    client.Down();
                    break;
                case 0:
                    client.Up();
                    break;
                case 1:
                    client.Stall(TimeSpan.FromMilliseconds(random.Next(20, 300)));
                    break;
                default:
                    break;
            }

            steps++;
            Thread.Sleep(random.Next(1, 10));
        }

        return steps;
    }

    private static IpPrefix PrefixOf(int n) => IpPrefix.FromIpv4((uint)(0x0A000000 + (n << 8)), 24);

    /// <summary>One route an UPDATE, each with its own community, so the table is ~1 MiB of UPDATEs (past the high-water mark).</summary>
    private static void SendTable(FakePeer peer, int routes, uint nextHop, uint asn)
    {
        for (var i = 0; i < routes; i++)
        {
            peer.Send(new UpdateMessage
            {
                Attributes = Ipv4Attributes(nextHop, asn) with { Communities = [(uint)i] },
                Nlri = [new NlriEntry(PrefixOf(i))],
            });
        }
    }

    /// <summary>The receiving end of one session: reads the engine's queue as a connection's writer would, and replays it.</summary>
    private sealed class ClientSession(NegotiatedSession negotiated)
    {
        private readonly DecodeContext _context = negotiated.ToEncodeContext().ToPeerDecodeContext(negotiated.IsExternal);
        private readonly Lock _lock = new();
        private readonly HashSet<IpPrefix> _table = [];

        public UpdateOutlet Outlet { get; } = new(LocalEndPoint, new IPEndPoint(IPAddress.Loopback, 179), () => { }, _ => { });

        public bool EndOfRibSeen { get; private set; }

        public int RoutesAtEndOfRib { get; private set; }

        /// <summary>Takes up to <paramref name="maxBytes"/> of queued UPDATEs; true when it took any.</summary>
        public bool Read(int maxBytes = int.MaxValue)
        {
            var bytes = 0;
            lock (_lock)
            {
                while (bytes < maxBytes && Outlet.TryDequeue(out var message))
                {
                    bytes += message.Length;
                    Apply((UpdateMessage)BgpMessageDecoder.Decode(message.Span, _context));
                }
            }

            Outlet.FireIfDrained();
            return bytes > 0;
        }

        public bool HasExactly(HashSet<IpPrefix> expected)
        {
            lock (_lock)
            {
                return EndOfRibSeen && _table.SetEquals(expected);
            }
        }

        private void Apply(UpdateMessage update)
        {
            if (update.IsEndOfRib(out _))
            {
                EndOfRibSeen = true;
                RoutesAtEndOfRib = _table.Count;
                return;
            }

            foreach (var route in update.Withdrawn)
            {
                _table.Remove(route.Prefix);
            }

            foreach (var route in update.Nlri)
            {
                _table.Add(route.Prefix);
            }
        }
    }

    /// <summary>A client whose sessions come and go; each session's queue is read by a loop that may stop reading for a while.</summary>
    private sealed class ChaosClient(RoutingEngine engine, string name, NegotiatedSession negotiated)
    {
        // A slow reader (~16 KiB a millisecond at best): the table is still flowing when sessions drop.
        private const int BytesPerRound = 16 * 1024;
        private CancellationTokenSource? _stop;
        private Task _reader = Task.CompletedTask;
        private long _stalledUntil;

        public ClientSession? Session { get; private set; }

        public bool IsUp => _stop is not null;

        public int Sessions { get; private set; }

        public void Up()
        {
            var session = new ClientSession(negotiated);
            var stop = new CancellationTokenSource();
            Session = session;
            _stop = stop;
            Sessions++;
            Interlocked.Exchange(ref _stalledUntil, 0);
            engine.OnEstablished(name, negotiated, session.Outlet);
            _reader = Task.Run(() => ReadAsync(session, stop.Token));
        }

        public void Down()
        {
            _stop!.Cancel();
            _stop = null;
            Session!.Outlet.Close();
            engine.OnDown(name, new SessionDown("hold timer expired"));
        }

        /// <summary>The client stops reading for <paramref name="time"/> (its queue fills, its group waits).</summary>
        public void Stall(TimeSpan time) =>
            Interlocked.Exchange(ref _stalledUntil, DateTime.UtcNow.Add(time).Ticks);

        public async Task StopAsync()
        {
            _stop?.Cancel();
            await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        public bool HasExactly(HashSet<IpPrefix> expected) => Session!.HasExactly(expected);

        private async Task ReadAsync(ClientSession session, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                if (DateTime.UtcNow.Ticks >= Interlocked.Read(ref _stalledUntil))
                {
                    session.Read(BytesPerRound);
                }

                await Task.Delay(1, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
