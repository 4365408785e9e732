using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Tests.Capture;
using Xunit;

namespace Bgp.Protocol.Tests.Interop;

/// <summary>
/// A live BIRD 2 ⟷ GoBGP eBGP session through the recording relay; every message either side
/// sends must frame with our framer. Needs the daemons (scripts/install-deps.sh).
/// </summary>
[Trait("Category", "Interop")]
public sealed class BirdGoBgpInteropTests
{
    [InteropFact]
    public async Task LiveSession_Bird2_GoBgp_EveryMessageFrames()
    {
        var result = await CaptureScenarios.BirdGoBgpEbgpAsync(full: false);

        Assert.Empty(result.Errors);
        var session = VectorFileWriter.SelectSession(result.Messages);
        foreach (var direction in new[] { CaptureScenarios.BirdToGoBgp, CaptureScenarios.GoBgpToBird })
        {
            Assert.Equal(BgpMessageType.Open, session.First(m => m.Direction == direction).Type);
            Assert.Contains(session, m => m.Direction == direction && m.Type == BgpMessageType.Update);
            Assert.Contains(session, m => m.Direction == direction && m.Type == BgpMessageType.Keepalive);
        }

        foreach (var message in session)
        {
            ReadOnlySpan<byte> buffer = message.Bytes;
            Assert.True(BgpFramer.TryReadMessage(ref buffer, TcpRecordingRelay.RecordedMaxMessageLength, out var header, out _));
            Assert.Equal(0, buffer.Length);
            Assert.True(Enum.IsDefined(header.Type));
        }

        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown),
            BgpMessageFacts.Notification(session[^1].Bytes));
    }
}
