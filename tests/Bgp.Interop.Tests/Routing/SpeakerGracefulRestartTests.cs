using System.Collections.Concurrent;
using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Our speaker in the restarting role (RFC 4724 §4.1) against BIRD 2 as the helper: we die without
/// a NOTIFICATION, BIRD keeps our routes stale, we come back with the Restart State bit, defer our
/// selection until End-of-RIB, and BIRD replaces the stale routes with what we send.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SpeakerGracefulRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);

    /// <summary>How long we watch for anything sent before the deferral may end.</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(4);

    /// <summary>
    /// We announce three routes to BIRD, then close the session as a crash does (no Cease): BIRD keeps
    /// them ("Neighbor graceful restart active"). We restart in restarting mode with one route
    /// removed and one changed: BIRD sees our R and F bits ("Restart recovery", "AF preserved"),
    /// and after our End-of-RIB the removed route is gone and the changed one is fresh.
    /// </summary>
    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task OurSpeakerDiesAndRestarts_BirdKeepsOurRoutesStale_ThenTakesTheNewTableAtOurEndOfRib()
    {
        var topology = new SessionTopology();
        var kept = SpeakerRouteTests.Originated("10.91.0.0/24", ipv6: false);
        var removed = kept with { Prefix = IpPrefix.Parse("10.91.1.0/24") };
        var changed = kept with { Prefix = IpPrefix.Parse("10.91.2.0/24"), MultiExitDisc = 10 };
        using var bird = await BirdDaemon.StartAsync(
            topology.Daemon(SpeakerRouteTests.ExternalAs, SpeakerRouteTests.OurAs) with { Passive = true, GracefulRestart = true });
        var options = topology.Speaker(SpeakerRouteTests.OurAs, topology.Peer(SpeakerRouteTests.ExternalAs, ConnectionMode.Active)) with
        {
            Originate = [kept, removed, changed],
        };

        var first = await SpeakerUnderTest.StartAsync(options, output);
        try
        {
            await first.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
            foreach (var route in options.Originate)
            {
                await RouteExpectations.WaitForRouteAsync(bird, route.Prefix.ToString());
            }

            await first.Speaker.StopForRestartAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        // BIRD, the helper (RFC 4724 §4.2): the session is down, our routes stay.
        await ExternalCommand.WaitUntilAsync(async () => (await ProtocolAsync(bird)).Contains("Neighbor graceful restart active", StringComparison.Ordinal),
            EstablishTimeout, "BIRD to hold our routes for our restart", () => ProtocolAsync(bird));
        Assert.False(await bird.IsEstablishedAsync());
        Assert.Equal(3, (await bird.GetReceivedRoutesAsync(AddressFamily.Ipv4Unicast)).Count);

        var restarted = options with { Originate = [kept, changed with { MultiExitDisc = 20 }] };
        await using var second = await SpeakerUnderTest.StartAsync(restarted, output, new RoutingEngineOptions { Restarting = true });
        await second.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);

        // Our OPEN as BIRD decoded it: Restart State and Forwarding State for both families (RFC 4724 §3).
        var protocol = await ProtocolAsync(bird);
        var neighborCapabilities = protocol[protocol.IndexOf("Neighbor capabilities", StringComparison.Ordinal)..];
        Assert.Contains("Restart recovery", neighborCapabilities, StringComparison.Ordinal);
        Assert.Matches(@"AF preserved:\s+ipv4\s+ipv6", neighborCapabilities);

        await RouteExpectations.WaitForRouteGoneAsync(bird, removed.Prefix.ToString());
        await ExternalCommand.WaitUntilAsync(async () =>
                (await bird.GetReceivedRoutesAsync(AddressFamily.Ipv4Unicast)).Any(r => r.Prefix == changed.Prefix.ToString() && r.Med == 20),
            RouteExpectations.RouteTimeout, "BIRD to take the changed route", () => ProtocolAsync(bird));
        var routes = await bird.GetReceivedRoutesAsync(AddressFamily.Ipv4Unicast);
        Assert.Equal([kept.Prefix.ToString(), changed.Prefix.ToString()], routes.Select(r => r.Prefix).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Neighbor graceful restart active", await ProtocolAsync(bird), StringComparison.Ordinal);
        Assert.False(second.Speaker.Routing.IsRestarting);
    }

    /// <summary>
    /// Restarting with two graceful-restart peers, BIRD and a test peer slow to send its End-of-RIB:
    /// our OPEN carries R and F, BIRD's routes are imported, but nothing (no UPDATE, no End-of-RIB)
    /// goes to either peer until the slow peer's End-of-RIB; then both get the table and End-of-RIB.
    /// </summary>
    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task Restarting_WithASlowPeer_SendsNothingUntilItsEndOfRib()
    {
        var topology = new SessionTopology();
        var slowAddress = new LoopbackAddresses().Next();
        var theirs = RouteExpectations.Ipv4("10.92.0.0/24");
        var ours = SpeakerRouteTests.Originated("10.93.0.0/24", ipv6: false);
        using var bird = await BirdDaemon.StartAsync(
            topology.Daemon(SpeakerRouteTests.ExternalAs, SpeakerRouteTests.OurAs) with { Passive = true, GracefulRestart = true, Routes = [theirs] });
        const uint SlowAs = 65020;
        var slowPeer = new PeerOptions
        {
            Name = "slow", Address = slowAddress, RemoteAs = SlowAs, Mode = ConnectionMode.Passive, HoldTime = SessionTopology.HoldTime,
            ConnectRetryTime = SessionTopology.ConnectRetry, ConnectRetryJitter = 0,
        };
        var options = topology.Speaker(SpeakerRouteTests.OurAs, topology.Peer(SpeakerRouteTests.ExternalAs, ConnectionMode.Active), slowPeer) with
        {
            Originate = [ours],
            GracefulRestart = new SpeakerRestartOptions { SelectionDeferralTime = TimeSpan.FromMinutes(2) },
        };
        await using var speaker = await SpeakerUnderTest.StartAsync(options, output, new RoutingEngineOptions { Restarting = true });

        await using var slow = await RawBgpPeer.ConnectAsync(slowAddress, new IPEndPoint(speaker.Address, speaker.Port), EstablishTimeout);
        await slow.SendAsync(RawBgpMessages.Open(SlowAs, (ushort)SessionTopology.HoldTime.TotalSeconds, 0x0A0A0A0A,
        [
            new MultiprotocolCapability(AddressFamily.Ipv4Unicast),
            new MultiprotocolCapability(AddressFamily.Ipv6Unicast),
            new FourOctetAsCapability(SlowAs),
            new GracefulRestartCapability(restartState: false, notification: false, 120,
                [new GracefulRestartFamily(AddressFamily.Ipv4Unicast, true), new GracefulRestartFamily(AddressFamily.Ipv6Unicast, true)]),
        ]));
        var open = (await slow.ReceiveAsync(EstablishTimeout))!.AsOpen();
        var restart = open.Capabilities.FindLast<GracefulRestartCapability>()!;
        Assert.True(restart.RestartState);
        Assert.All(restart.Families, family => Assert.True(family.ForwardingState));
        await slow.SendAsync(RawBgpMessages.Keepalive());
        var received = new ConcurrentQueue<ReceivedBgpMessage>();
        var reader = Task.Run(async () =>
        {
            while (await slow.ReceiveAsync(TimeSpan.FromMinutes(3)) is { } message)
            {
                received.Enqueue(message);
            }
        });

        await speaker.WaitEstablishedAsync("slow", EstablishTimeout);
        await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
        await SpeakerRib.WaitAsync(speaker, theirs.Prefix, source: SessionTopology.PeerName); // imported while deferring
        await Task.Delay(QuietPeriod);

        Assert.True(speaker.Speaker.Routing.IsRestarting);
        Assert.Equal(["slow"], await speaker.Speaker.Routing.GetDeferredPeersAsync());
        Assert.DoesNotContain(received, m => m.Type == BgpMessageType.Update);
        Assert.Empty(await bird.GetReceivedRoutesAsync(AddressFamily.Ipv4Unicast));
        Assert.Equal(0, speaker.Status(SessionTopology.PeerName).Sent.Update);

        var context = new EncodeContext { FourOctetAs = true };
        await slow.SendAsync(BgpMessageWriter.ToArray(UpdateMessage.EndOfRib(AddressFamily.Ipv4Unicast), context));
        await slow.SendAsync(BgpMessageWriter.ToArray(UpdateMessage.EndOfRib(AddressFamily.Ipv6Unicast), context));

        await RouteExpectations.WaitForRouteAsync(bird, ours.Prefix.ToString());
        await ExternalCommand.WaitUntilAsync(() => Task.FromResult(received.Count(IsEndOfRib) == 2), RouteExpectations.RouteTimeout,
            "our End-of-RIB to the slow peer", () => Task.FromResult(string.Join(", ", received)));
        var updates = received.Where(m => m.Type == BgpMessageType.Update).ToList();
        Assert.True(updates.FindIndex(IsEndOfRib) > updates.FindIndex(m => !IsEndOfRib(m)), "the table comes before End-of-RIB");
        Assert.False(speaker.Speaker.Routing.IsRestarting);

        // The restart is over: a new session's OPEN carries neither the R nor the F bits (RFC 4724 §4.1).
        await slow.DisposeAsync();
        await Task.WhenAny(reader); // the reader ends when the connection does, with whatever exception
        await speaker.WaitStateAsync("slow", Bgp.Speaker.Fsm.SessionState.Active, EstablishTimeout); // listening again
        await using var again = await RawBgpPeer.ConnectAsync(slowAddress, new IPEndPoint(speaker.Address, speaker.Port), EstablishTimeout);
        await again.SendAsync(RawBgpMessages.Open(SlowAs, (ushort)SessionTopology.HoldTime.TotalSeconds, 0x0A0A0A0A, [new FourOctetAsCapability(SlowAs)]));
        var later = (await again.ReceiveAsync(EstablishTimeout))!.AsOpen().Capabilities.FindLast<GracefulRestartCapability>()!;
        Assert.False(later.RestartState);
        Assert.All(later.Families, family => Assert.False(family.ForwardingState));
    }

    private static bool IsEndOfRib(ReceivedBgpMessage message) =>
        message.Type == BgpMessageType.Update &&
        ((UpdateMessage)BgpMessageDecoder.Decode(WithHeader(message), new DecodeContext { FourOctetAs = true })).IsEndOfRib(out _);

    private static byte[] WithHeader(ReceivedBgpMessage message)
    {
        var bytes = new byte[BgpConstants.HeaderLength + message.Body.Length];
        Bgp.Protocol.Framing.BgpMessageHeader.Write(bytes, bytes.Length, message.Type);
        message.Body.CopyTo(bytes, BgpConstants.HeaderLength);
        return bytes;
    }

    private static Task<string> ProtocolAsync(BirdDaemon bird) => bird.BirdcAsync("show", "protocols", "all", bird.Peering.Name);
}
