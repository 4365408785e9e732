using Bgp.Protocol.Capture;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Tests.Capture;
using Bgp.Testing;
using Xunit;

namespace Bgp.Protocol.Tests.Interop;

/// <summary>
/// A live BIRD 2 ⟷ GoBGP eBGP session through the recording relay; every message either side
/// sends must frame with our framer and decode with our codecs under the flags negotiated by the
/// two live OPENs. Needs the daemons (scripts/install-deps.sh).
/// </summary>
[Trait("Category", "Interop")]
public sealed class BirdGoBgpInteropTests
{
    [InteropFact]
    public async Task LiveSession_Bird2_GoBgp_EveryMessageFramesAndDecodes()
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

        var birdOpen = OpenCapabilities.Read(session.First(m => m.FromListenerSide && m.Type == BgpMessageType.Open).Bytes);
        var goBgpOpen = OpenCapabilities.Read(session.First(m => !m.FromListenerSide && m.Type == BgpMessageType.Open).Bytes);
        var fromBird = OpenCapabilities.NegotiatedFlags(birdOpen, goBgpOpen).ToDecodeContext();
        var fromGoBgp = OpenCapabilities.NegotiatedFlags(goBgpOpen, birdOpen).ToDecodeContext();
        Assert.True(fromBird.FourOctetAs);
        Assert.True(fromBird.IsExternalPeer);

        foreach (var message in session)
        {
            var context = message.FromListenerSide ? fromBird : fromGoBgp;
            ReadOnlySpan<byte> buffer = message.Bytes;
            Assert.True(BgpFramer.TryReadMessage(ref buffer, context.MaxMessageLength, out var header, out var body));
            Assert.Equal(0, buffer.Length);
            Assert.True(Enum.IsDefined(header.Type));
            AssertDecodes(header.Type, body, context);
        }

        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown),
            BgpMessageFacts.Notification(session[^1].Bytes));
    }

    private static void AssertDecodes(BgpMessageType type, ReadOnlySpan<byte> body, in DecodeContext context)
    {
        switch (type)
        {
            case BgpMessageType.Open:
                Assert.Equal(BgpConstants.Version, OpenMessage.Decode(body, context).Version);
                break;
            case BgpMessageType.Update:
                var update = UpdateMessage.Decode(body, context);
                Assert.Equal(Rfc7606Action.None, update.Action);
                Assert.Empty(update.Errors);
                break;
            case BgpMessageType.Notification:
                Assert.Equal(NotificationCode.Cease, NotificationMessage.Decode(body, context).Code);
                break;
            case BgpMessageType.Keepalive:
                KeepaliveMessage.Decode(body, context);
                break;
            case BgpMessageType.RouteRefresh:
                RouteRefreshMessage.Decode(body, context);
                break;
        }
    }
}
