using System.Buffers.Binary;
using System.Net;
using Bgp.Protocol.Iana;
using Bgp.RouteReflector;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Issue 5, the standalone reflector: our speaker with a <c>dynamicPeers</c> range and no peer
/// entries at all. Real clients (BIRD 2, FRR, GoBGP) connect to it from addresses in the range,
/// establish, and their routes reflect between them with ORIGINATOR_ID and CLUSTER_LIST right
/// (read back through each daemon's CLI); a client that stops is removed and its routes withdrawn;
/// an address outside the range is refused; one inside announcing the wrong AS gets 2/2. And the
/// RFC 4456 §8 loop proof: routes from ExaBGP whose CLUSTER_LIST holds our cluster ID, or whose
/// ORIGINATOR_ID is our router ID, are dropped and never reach a BIRD client; a clean route does.
/// </summary>
[Trait("Category", "Interop")]
public sealed class DynamicPeerReflectorTests(ITestOutputHelper output)
{
    private const uint As = 65000;
    private const string RangeName = "clients";

    /// <summary>The range is the /30 of host octets 8..11 of the test's /24; the speaker is .1 and the outsider .20.</summary>
    private const int RangeFirstHost = 8;
    private const int RangeLength = 30;
    private const int OutsiderHost = 20;

    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(10);
    private static readonly ClusterId Cluster = ClusterId.Parse("10.255.0.7");
    private static readonly ReferenceDaemonKind[] Kinds = [ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, ReferenceDaemonKind.GoBgp];

    [InteropFact(ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, ReferenceDaemonKind.GoBgp)]
    public async Task ClientsFromTheRange_Establish_Reflect_AreRemovedWhenStopped_OutsiderAndWrongAsRefused()
    {
        var lab = new Addresses();
        var clients = new List<(ReferenceDaemonKind Kind, IPAddress Address, DaemonRoute Route)>();
        for (var i = 0; i < Kinds.Length; i++)
        {
            clients.Add((Kinds[i], lab.InRange(i + 1), RouteExpectations.Ipv4($"10.7{i}.0.0/24", $"192.0.2.{40 + i}") with { Prepend = [] }));
        }

        await using var speaker = await SpeakerUnderTest.StartAsync(lab.Options(), output);
        var daemons = new List<IRoutingDaemon>();
        try
        {
            foreach (var client in clients)
            {
                daemons.Add((IRoutingDaemon)await ReferenceDaemons.StartAsync(client.Kind, lab.Client(client.Address, speaker.Port) with { Routes = [client.Route] }));
            }

            foreach (var client in clients)
            {
                await WaitEstablishedAsync(speaker, SessionName(client.Address));
            }

            Assert.Empty(speaker.Speaker.Options.Peers);

            // Every client holds every other client's route, reflected by us; never its own back.
            for (var i = 0; i < clients.Count; i++)
            {
                for (var j = 0; j < clients.Count; j++)
                {
                    if (i == j)
                    {
                        continue;
                    }

                    var origin = clients[j];
                    var route = Assert.Single(await RouteExpectations.WaitForRouteAsync(daemons[i], origin.Route.Prefix));
                    var context = $"{clients[i].Kind} holding {origin.Kind}'s route: {route}";
                    output.WriteLine(context);
                    Assert.True(route.OriginatorId == origin.Address.ToString(), context);
                    Assert.True(route.ClusterList.SequenceEqual([Cluster.ToString()]), context);
                    Assert.True(route.NextHop == origin.Route.NextHop!.ToString(), context);
                    Assert.True(route.LocalPref == origin.Route.LocalPref, context);
                }

                Assert.DoesNotContain(await daemons[i].GetReceivedRoutesAsync(Bgp.Protocol.AddressFamily.Ipv4Unicast),
                    r => r.Prefix == clients[i].Route.Prefix);
            }

            foreach (var client in clients)
            {
                var held = Assert.Single(await SpeakerRib.RoutesAsync(speaker, client.Route.Prefix));
                Assert.Equal(SessionName(client.Address), held.Source);
            }

            // A client that stops: its session is removed and its route withdrawn from the others.
            var stopped = clients[1];
            daemons[1].Dispose();
            await RouteExpectations.WaitForRouteGoneAsync(daemons[0], stopped.Route.Prefix);
            await RouteExpectations.WaitForRouteGoneAsync(daemons[2], stopped.Route.Prefix);
            await ExternalCommand.WaitUntilAsync(
                () => Task.FromResult(!speaker.Speaker.GetStatus().Any(status => status.Name == SessionName(stopped.Address))),
                EstablishTimeout, $"our dynamic session {SessionName(stopped.Address)} removed", () => Task.FromResult(speaker.Loggers.Tail()));
            Assert.DoesNotContain(await speaker.Speaker.GetPeerRouteCountsAsync(), counts => counts.Peer == SessionName(stopped.Address));
            Assert.Empty(await SpeakerRib.RoutesAsync(speaker, stopped.Route.Prefix));
            Assert.Equal(2, speaker.Speaker.IncomingConnections.DynamicPerRange[RangeName]);

            // An address in no range is closed without a word, and counted.
            await using (var outsider = await RawBgpPeer.ConnectAsync(lab.Outsider, new IPEndPoint(speaker.Address, speaker.Port), RefusalTimeout))
            {
                Assert.True(await outsider.WaitClosedAsync(RefusalTimeout), "the outsider's connection stayed open");
            }

            Assert.Equal(1, speaker.Speaker.IncomingConnections.RefusedUnknown);
            Assert.DoesNotContain(speaker.Speaker.GetStatus(), status => status.Address.Equals(lab.Outsider));

            // An address in the range announcing another AS: RFC 4271 §6.2 2/2 Bad Peer AS, and its session goes.
            var wrongAs = lab.InRange(0);
            await using (var raw = await RawBgpPeer.ConnectAsync(wrongAs, new IPEndPoint(speaker.Address, speaker.Port), RefusalTimeout))
            {
                await raw.SendAsync(RawBgpMessages.Open(As + 1, (ushort)SessionTopology.HoldTime.TotalSeconds, BinaryPrimitives.ReadUInt32BigEndian(wrongAs.GetAddressBytes())));
                var received = await raw.ReceiveNotificationAsync(RefusalTimeout);
                Assert.True(received is not null, $"closed without a NOTIFICATION\n{speaker.Loggers.Tail()}");
                var notification = received.AsNotification();
                Assert.Equal((NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.BadPeerAs), (notification.Code, notification.Subcode));
            }

            await ExternalCommand.WaitUntilAsync(
                () => Task.FromResult(!speaker.Speaker.GetStatus().Any(status => status.Name == SessionName(wrongAs))),
                EstablishTimeout, $"our dynamic session {SessionName(wrongAs)} removed", () => Task.FromResult(speaker.Loggers.Tail()));

            // The survivors are untouched.
            Assert.Equal(1, speaker.Status(SessionName(clients[0].Address)).EstablishedTransitions);
            Assert.Equal(1, speaker.Status(SessionName(clients[2].Address)).EstablishedTransitions);
        }
        finally
        {
            foreach (var daemon in daemons)
            {
                daemon.Dispose();
            }
        }
    }

    [ExaBgpFact(ReferenceDaemonKind.Bird)]
    public async Task LoopedRoutes_AreDroppedAndNotReflected_CleanRouteIs()
    {
        var lab = new Addresses();
        var exaAddress = lab.InRange(1);
        var birdAddress = lab.InRange(2);
        await using var speaker = await SpeakerUnderTest.StartAsync(lab.Options(), output);
        using var bird = await BirdDaemon.StartAsync(lab.Client(birdAddress, speaker.Port));
        using var exa = await ExaBgpDaemon.StartAsync(lab.Client(exaAddress, speaker.Port));
        await WaitEstablishedAsync(speaker, SessionName(exaAddress));
        await WaitEstablishedAsync(speaker, SessionName(birdAddress));
        long droppedBefore = speaker.Speaker.Routing.ReflectionLoopsDropped;

        // RFC 4456 §8: our cluster ID in CLUSTER_LIST (type 10), or our router ID as ORIGINATOR_ID (type 9):
        // both optional non-transitive (flags 0x80), packed verbatim by ExaBGP.
        const string ClusterLooped = "10.61.0.0/24";
        const string OriginatorLooped = "10.62.0.0/24";
        const string Clean = "10.63.0.0/24";
        await exa.SendAsync($"announce route {ClusterLooped} next-hop 192.0.2.61 attribute [ 0x0a 0x80 0x0a0a0a0a{Hex(Cluster.ToString())[2..]} ]");
        await exa.SendAsync($"announce route {OriginatorLooped} next-hop 192.0.2.62 attribute [ 0x09 0x80 {Hex(lab.Speaker.ToString())} ]");
        await exa.SendAsync($"announce route {Clean} next-hop 192.0.2.63 attribute [ 0x0a 0x80 0x0a0a0a0a ]");

        // The clean route (with another cluster in its list) reaches BIRD, reflected with our cluster prepended.
        var route = Assert.Single(await RouteExpectations.WaitForRouteAsync(bird, Clean));
        output.WriteLine($"BIRD holds {route}");
        Assert.Equal(exaAddress.ToString(), route.OriginatorId);
        Assert.Equal([Cluster.ToString(), "10.10.10.10"], route.ClusterList);

        // The looped ones were sent before it, on the same session: had they been accepted they would be there too.
        var held = await bird.GetReceivedRoutesAsync(Bgp.Protocol.AddressFamily.Ipv4Unicast);
        Assert.DoesNotContain(held, r => r.Prefix is ClusterLooped or OriginatorLooped);
        Assert.Empty(await SpeakerRib.RoutesAsync(speaker, ClusterLooped));
        Assert.Empty(await SpeakerRib.RoutesAsync(speaker, OriginatorLooped));
        Assert.Single(await SpeakerRib.RoutesAsync(speaker, Clean));
        Assert.Equal(2, speaker.Speaker.Routing.ReflectionLoopsDropped - droppedBefore);
        Assert.Equal(SessionState.Established, speaker.Status(SessionName(exaAddress)).State);
    }

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task RangePassword_ClientSigningWithIt_Establishes_ClientWithAnotherPassword_NeverConnects()
    {
        const string Password = "range-secret";
        var lab = new Addresses();
        var good = lab.InRange(1);
        var bad = lab.InRange(2);
        await using var speaker = await SpeakerUnderTest.StartAsync(lab.Options(Password), output);
        using var signed = await BirdDaemon.StartAsync(lab.Client(good, speaker.Port) with { Password = Password });
        using var wrong = await BirdDaemon.StartAsync(lab.Client(bad, speaker.Port) with { Password = "not-the-range-secret" });

        await WaitEstablishedAsync(speaker, SessionName(good));
        Assert.True(await signed.IsEstablishedAsync(), await signed.DiagnosticsAsync());

        // The kernel drops its SYNs (RFC 2385 §2: a wrong signature is discarded), so no session ever appears;
        // BIRD retries every second meanwhile.
        await Task.Delay(RefusalTimeout);
        Assert.DoesNotContain(speaker.Speaker.GetStatus(), status => status.Name == SessionName(bad));
        Assert.False(await wrong.IsEstablishedAsync(), await wrong.DiagnosticsAsync());
    }

    private static string SessionName(IPAddress address) => $"{RangeName}-{address}";

    /// <summary>"0x" and the 8 hex digits of a dotted-quad 32-bit value.</summary>
    private static string Hex(string dottedQuad) => "0x" + Convert.ToHexString(IPAddress.Parse(dottedQuad).GetAddressBytes());

    private Task WaitEstablishedAsync(SpeakerUnderTest speaker, string name) =>
        ExternalCommand.WaitUntilAsync(
            () => Task.FromResult(speaker.Speaker.GetStatus().Any(status => status.Name == name && status.State == SessionState.Established)),
            EstablishTimeout, $"our dynamic session {name} Established",
            () => Task.FromResult(string.Join('\n', speaker.Speaker.GetStatus().Select(s => $"{s.Name}: {s.State} {s.LastError}")) + "\n" + speaker.Loggers.Tail()));

    /// <summary>One random 127.x.y.0/24: the speaker on .1, the range .8/30, an outsider on .20.</summary>
    private sealed class Addresses
    {
        private readonly byte[] _block;

        public Addresses()
        {
            Speaker = new LoopbackAddresses().Next();
            _block = Speaker.GetAddressBytes();
        }

        public IPAddress Speaker { get; }

        public IPAddress Outsider => Host(OutsiderHost);

        public IPNetwork Range => new(Host(RangeFirstHost), RangeLength);

        public IPAddress InRange(int offset) => Host(RangeFirstHost + offset);

        public SpeakerOptions Options(string? password = null) => new()
        {
            LocalAs = As,
            RouterId = Speaker,
            Listen = new ListenOptions { Address = Speaker, Port = LoopbackAddresses.FreePort(Speaker) },
            RouteReflector = new RouteReflectorOptions { ClusterId = Cluster },
            DynamicPeers =
            [
                new DynamicPeerRange
                {
                    Name = RangeName,
                    Prefix = Range,
                    Template = new PeerOptions
                    {
                        Name = RangeName,
                        Address = Range.BaseAddress,
                        RemoteAs = As,
                        Mode = ConnectionMode.Passive,
                        HoldTime = SessionTopology.HoldTime,
                        RouteReflectorClient = true,
                        Password = password,
                    },
                },
            ],
        };

        /// <summary>A client on <paramref name="address"/> that connects to the speaker (we have no entry for it).</summary>
        public DaemonPeering Client(IPAddress address, int speakerPort) => new()
        {
            Name = "reflector",
            LocalAddress = address,
            LocalPort = LoopbackAddresses.FreePort(address),
            LocalAs = As,
            PeerAddress = Speaker,
            PeerPort = speakerPort,
            PeerAs = As,
        };

        private IPAddress Host(int host) => new([_block[0], _block[1], _block[2], (byte)host]);
    }
}
