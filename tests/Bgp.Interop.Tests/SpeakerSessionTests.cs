using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests;

/// <summary>
/// Issue 3's proof list against BIRD 2, GoBGP and FRR: sessions up with us active and passive,
/// iBGP and eBGP, 4-octet ASNs, TCP MD5 (and a wrong password refused), GTSM.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SpeakerSessionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);

    /// <summary>How long a refused session is watched: several connect retries on both sides.</summary>
    private static readonly TimeSpan RefusedWindow = TimeSpan.FromSeconds(8);

    public static TheoryData<ReferenceDaemonKind, ConnectionMode, bool> ModesAndKinds()
    {
        var data = new TheoryData<ReferenceDaemonKind, ConnectionMode, bool>();
        foreach (var kind in Enum.GetValues<ReferenceDaemonKind>())
        {
            foreach (var mode in new[] { ConnectionMode.Active, ConnectionMode.Passive })
            {
                data.Add(kind, mode, false);
                data.Add(kind, mode, true);
            }
        }

        return data;
    }

    /// <summary>
    /// We are AS 4200000001 (4-octet, AS_TRANS in the OPEN); the daemon is the same AS (iBGP) or
    /// 65002 (eBGP). Active: we connect and the daemon is passive; passive: the other way round.
    /// </summary>
    [InteropTheory]
    [MemberData(nameof(ModesAndKinds))]
    public async Task Session_ComesUp(ReferenceDaemonKind kind, ConnectionMode ourMode, bool internalBgp)
    {
        var topology = new SessionTopology();
        var daemonAs = internalBgp ? SessionTopology.FourOctetAs : SessionTopology.TwoOctetAs;
        var daemonPeering = topology.Daemon(daemonAs, SessionTopology.FourOctetAs) with { Passive = ourMode == ConnectionMode.Active };
        using var daemon = await ReferenceDaemons.StartAsync(kind, daemonPeering);
        await using var speaker = await SpeakerUnderTest.StartAsync(
            topology.Speaker(SessionTopology.FourOctetAs, topology.Peer(daemonAs, ourMode)), output);

        await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
        await daemon.WaitEstablishedAsync(EstablishTimeout);
        var status = speaker.Status(SessionTopology.PeerName);
        Assert.Equal(SessionTopology.HoldTime, status.NegotiatedHoldTime);
        Assert.Equal(topology.DaemonAddress, status.PeerRouterId);
    }

    public static TheoryData<ReferenceDaemonKind> Md5Daemons => [ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, ReferenceDaemonKind.GoBgp];

    [InteropTheory]
    [MemberData(nameof(Md5Daemons))]
    public async Task Md5_SamePassword_ComesUp(ReferenceDaemonKind kind)
    {
        var topology = new SessionTopology();
        using var daemon = await ReferenceDaemons.StartAsync(kind,
            topology.Daemon(SessionTopology.TwoOctetAs, SessionTopology.FourOctetAs) with { Password = "calico-secret", Passive = true });
        await using var speaker = await SpeakerUnderTest.StartAsync(topology.Speaker(SessionTopology.FourOctetAs,
            topology.Peer(SessionTopology.TwoOctetAs, ConnectionMode.Active) with { Password = "calico-secret" }), output);

        await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
        await daemon.WaitEstablishedAsync(EstablishTimeout);
    }

    /// <summary>Both sides connect (mode both), so both the outgoing and the incoming path meet the key check.</summary>
    [InteropTheory]
    [MemberData(nameof(Md5Daemons))]
    public async Task Md5_WrongPassword_IsRefused(ReferenceDaemonKind kind)
    {
        var topology = new SessionTopology();
        using var daemon = await ReferenceDaemons.StartAsync(kind,
            topology.Daemon(SessionTopology.TwoOctetAs, SessionTopology.FourOctetAs) with { Password = "their-secret" });
        await using var speaker = await SpeakerUnderTest.StartAsync(topology.Speaker(SessionTopology.FourOctetAs,
            topology.Peer(SessionTopology.TwoOctetAs, ConnectionMode.Both) with { Password = "our-secret" }), output);

        await AssertNeverEstablishedAsync(speaker, daemon);
    }

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task Gtsm_BothSides_ComesUp_Bird()
    {
        var topology = new SessionTopology();
        using var daemon = await BirdDaemon.StartAsync(
            topology.Daemon(SessionTopology.TwoOctetAs, SessionTopology.FourOctetAs) with { TtlSecurity = true });
        await using var speaker = await SpeakerUnderTest.StartAsync(topology.Speaker(SessionTopology.FourOctetAs,
            topology.Peer(SessionTopology.TwoOctetAs, ConnectionMode.Both) with { TtlSecurityHops = 1 }), output);

        await speaker.WaitEstablishedAsync(SessionTopology.PeerName, EstablishTimeout);
        await daemon.WaitEstablishedAsync(EstablishTimeout);
    }

    /// <summary>
    /// Without GTSM we send eBGP with TTL 1; BIRD with <c>ttl security on</c> wants 255 and drops our packets.
    /// BIRD sets the minimum TTL on an accepted socket after <c>accept()</c>, so an OPEN sent the
    /// moment TCP is up can be queued before the filter exists and get through. DelayOpen makes us
    /// wait for BIRD's OPEN, which BIRD sends only after setting the filter: the refusal is then certain.
    /// </summary>
    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task Gtsm_OnlyBird_IsRefused()
    {
        var topology = new SessionTopology();
        using var daemon = await BirdDaemon.StartAsync(
            topology.Daemon(SessionTopology.TwoOctetAs, SessionTopology.FourOctetAs) with { TtlSecurity = true, Passive = true });
        await using var speaker = await SpeakerUnderTest.StartAsync(topology.Speaker(SessionTopology.FourOctetAs,
            topology.Peer(SessionTopology.TwoOctetAs, ConnectionMode.Active) with { DelayOpenTime = TimeSpan.FromSeconds(3) }), output);

        await AssertNeverEstablishedAsync(speaker, daemon);
    }

    private async Task AssertNeverEstablishedAsync(SpeakerUnderTest speaker, IReferenceDaemon daemon)
    {
        var deadline = DateTime.UtcNow + RefusedWindow;
        while (DateTime.UtcNow < deadline)
        {
            var status = speaker.Status(SessionTopology.PeerName);
            Assert.True(status.State != SessionState.Established && status.EstablishedTransitions == 0,
                "the session came up although it must be refused\n" + speaker.Describe(SessionTopology.PeerName));
            Assert.False(await daemon.IsEstablishedAsync(), "the daemon reached Established\n" + await daemon.DiagnosticsAsync());
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        output.WriteLine("refused as expected: " + speaker.Describe(SessionTopology.PeerName));
    }
}
