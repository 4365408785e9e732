using Bgp.Testing;
using Xunit;

namespace Bgp.Interop.Tests;

/// <summary>
/// The launchers proved against each other: two reference daemons configured from one pair of
/// <see cref="DaemonPeering"/>s reach Established on loopback. If these fail, a failure in the
/// speaker tests says nothing about the speaker.
/// </summary>
[Trait("Category", "Interop")]
public sealed class DaemonToDaemonTests
{
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(30);

    public static TheoryData<ReferenceDaemonKind, ReferenceDaemonKind, uint, uint> Pairs => new()
    {
        { ReferenceDaemonKind.Bird, ReferenceDaemonKind.GoBgp, 65001, 4200000002 },
        { ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr, 65001, 65002 },
        { ReferenceDaemonKind.GoBgp, ReferenceDaemonKind.Frr, 65001, 65001 },
    };

    [InteropTheory]
    [MemberData(nameof(Pairs))]
    public async Task TwoDaemons_FirstActiveSecondPassive_ReachEstablished(ReferenceDaemonKind active, ReferenceDaemonKind passive, uint activeAs, uint passiveAs)
    {
        var (activePeering, passivePeering) = PeeringPair(activeAs, passiveAs);
        using var passiveDaemon = await ReferenceDaemons.StartAsync(passive, passivePeering with { Passive = true });
        using var activeDaemon = await ReferenceDaemons.StartAsync(active, activePeering);

        await activeDaemon.WaitEstablishedAsync(EstablishTimeout);
        await passiveDaemon.WaitEstablishedAsync(EstablishTimeout);
    }

    [InteropFact(ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr)]
    public async Task Md5_BirdAndFrr_SamePassword_ReachEstablished()
    {
        var (bird, frr) = PeeringPair(65001, 65002);
        using var frrDaemon = await FrrDaemon.StartAsync(frr with { Password = "interop-secret", Passive = true });
        using var birdDaemon = await BirdDaemon.StartAsync(bird with { Password = "interop-secret" });

        await birdDaemon.WaitEstablishedAsync(EstablishTimeout);
    }

    internal static (DaemonPeering First, DaemonPeering Second) PeeringPair(uint firstAs, uint secondAs)
    {
        var addresses = new LoopbackAddresses();
        var firstAddress = addresses.Next();
        var secondAddress = addresses.Next();
        var firstPort = LoopbackAddresses.FreePort(firstAddress);
        var secondPort = LoopbackAddresses.FreePort(secondAddress);
        var first = new DaemonPeering
        {
            Name = "peerone",
            LocalAddress = firstAddress,
            LocalPort = firstPort,
            LocalAs = firstAs,
            PeerAddress = secondAddress,
            PeerPort = secondPort,
            PeerAs = secondAs,
        };
        var second = new DaemonPeering
        {
            Name = "peertwo",
            LocalAddress = secondAddress,
            LocalPort = secondPort,
            LocalAs = secondAs,
            PeerAddress = firstAddress,
            PeerPort = firstPort,
            PeerAs = firstAs,
        };
        return (first, second);
    }
}
