using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Testing;
using Xunit;

namespace Bgp.Interop.Tests;

/// <summary>
/// The raw test peer and the process controls proved against BIRD 2, before they are pointed at
/// our speaker: BIRD answers our hand-built OPEN, sends 1/1 for a broken marker, and a frozen
/// peer's session drops on BIRD's hold timer and comes back after SIGCONT.
/// </summary>
[Trait("Category", "Interop")]
public sealed class HarnessSelfTests
{
    private const uint BirdAs = 65001;
    private const uint RawAs = 65002;
    private const ushort HoldTime = 9;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task RawPeer_ValidOpen_BirdAnswersWithOpen()
    {
        var (bird, raw) = DaemonToDaemonTests.PeeringPair(BirdAs, RawAs);
        using var daemon = await BirdDaemon.StartAsync(bird with { Passive = true });
        await using var peer = await RawBgpPeer.ConnectAsync(raw.LocalAddress, new IPEndPoint(bird.LocalAddress, bird.LocalPort), Timeout);

        await peer.SendAsync(RawBgpMessages.Open(RawAs, HoldTime, BgpId(raw.LocalAddress)));

        var open = await peer.ReceiveAsync(Timeout);
        Assert.NotNull(open);
        Assert.Equal(BirdAs, open.AsOpen().EffectiveAs);
    }

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task RawPeer_BrokenMarker_BirdSendsNotification_1_1()
    {
        var (bird, raw) = DaemonToDaemonTests.PeeringPair(BirdAs, RawAs);
        using var daemon = await BirdDaemon.StartAsync(bird with { Passive = true });
        await using var peer = await RawBgpPeer.ConnectAsync(raw.LocalAddress, new IPEndPoint(bird.LocalAddress, bird.LocalPort), Timeout);

        await peer.SendAsync(RawBgpMessages.WithBrokenMarker(RawBgpMessages.Open(RawAs, HoldTime, BgpId(raw.LocalAddress))));

        var notification = (await peer.ReceiveNotificationAsync(Timeout))?.AsNotification();
        Assert.NotNull(notification);
        Assert.Equal((NotificationCode.MessageHeaderError, (byte)MessageHeaderErrorSubcode.ConnectionNotSynchronized),
            (notification.Code, notification.Subcode));
    }

    [InteropFact(ReferenceDaemonKind.Bird, ReferenceDaemonKind.GoBgp)]
    public async Task FrozenGoBgp_BirdHoldTimerExpires_ThenRecoversAfterSigcont()
    {
        const int ShortHold = 3;
        var (bird, gobgp) = DaemonToDaemonTests.PeeringPair(BirdAs, RawAs);
        using var goBgpDaemon = await GoBgpDaemon.StartAsync(gobgp with { HoldTimeSeconds = ShortHold, Passive = true });
        using var birdDaemon = await BirdDaemon.StartAsync(bird with { HoldTimeSeconds = ShortHold });
        await birdDaemon.WaitEstablishedAsync(TimeSpan.FromSeconds(20));

        await goBgpDaemon.Process.SuspendAsync();
        try
        {
            await ExternalCommand.WaitUntilAsync(async () => !await birdDaemon.IsEstablishedAsync(), TimeSpan.FromSeconds(10),
                "BIRD to leave Established while GoBGP is frozen", birdDaemon.DiagnosticsAsync);
        }
        finally
        {
            await goBgpDaemon.Process.ResumeAsync();
        }

        await birdDaemon.WaitEstablishedAsync(TimeSpan.FromSeconds(20));
    }

    [InteropFact(ReferenceDaemonKind.Bird, ReferenceDaemonKind.Frr)]
    public async Task Md5_BirdAndFrr_WrongPassword_NeverEstablished()
    {
        var (bird, frr) = DaemonToDaemonTests.PeeringPair(BirdAs, RawAs);
        using var frrDaemon = await FrrDaemon.StartAsync(frr with { Password = "right-secret", Passive = true });
        using var birdDaemon = await BirdDaemon.StartAsync(bird with { Password = "wrong-secret" });

        await Assert.ThrowsAsync<TimeoutException>(() => birdDaemon.WaitEstablishedAsync(TimeSpan.FromSeconds(6)));
    }

    internal static uint BgpId(IPAddress address) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}
