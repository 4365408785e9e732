using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using CsCheck;
using Xunit;

namespace Bgp.Protocol.Tests.RouteRefresh;

public sealed class RouteRefreshMessageTests
{
    private const string Header = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0017 05";

    [Theory]
    // RFC 2918 §3 / RFC 7313 §3.2: AFI, subtype, SAFI.
    [InlineData(Header + "0001 00 01", 1, 0, 1)]
    [InlineData(Header + "0002 01 01", 2, 1, 1)]
    [InlineData(Header + "0002 02 01", 2, 2, 1)]
    public void RouteRefresh_Vector_DecodesAndReencodesIdentically(string messageHex, ushort afi, byte subtype, byte safi)
    {
        var message = Hex(messageHex);

        var refresh = RouteRefreshMessage.Decode(message.AsSpan(BgpConstants.HeaderLength), default);

        Assert.Equal(new RouteRefreshMessage(new AddressFamily((Afi)afi, (Safi)safi), (RouteRefreshSubtype)subtype), refresh);
        Assert.False(refresh.ShouldBeIgnored);
        Assert.Equal(message, BgpMessageWriter.ToArray(refresh, default));
    }

    [Theory]
    [InlineData("0001 03 01")]
    [InlineData("0001 FF 01")]
    [InlineData("0001 07 01 AABB")] // RFC 7313 §5 scopes the length check to subtypes 1 and 2
    public void RouteRefresh_WithUnknownSubtype_IsReturnedToBeIgnored(string bodyHex)
    {
        // RFC 7313 §5: "it MUST ignore the received ROUTE-REFRESH message".
        var refresh = RouteRefreshMessage.Decode(Hex(bodyHex), default);

        Assert.True(refresh.ShouldBeIgnored);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0001")]
    [InlineData("000101")]
    [InlineData("0001 01 01 00")]
    [InlineData("0001 02 01 0000")]
    [InlineData("0001 00 01 01 0001 0203")] // a normal request with ORF entries we never negotiated
    public void RouteRefresh_WithBadLength_Throws_7_1_WithTheCompleteMessage(string bodyHex)
    {
        var body = Hex(bodyHex);

        var error = Assert.Throws<BgpNotificationException>(() => RouteRefreshMessage.Decode(body, default));

        // RFC 7313 §5: the Data field MUST contain the complete ROUTE-REFRESH message.
        Assert.Equal(NotificationCode.RouteRefreshMessageError, error.Code);
        Assert.Equal((byte)RouteRefreshErrorSubcode.InvalidMessageLength, error.Subcode);
        byte[] expected = [.. Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"), 0, (byte)(BgpConstants.HeaderLength + body.Length), (byte)BgpMessageType.RouteRefresh, .. body];
        Assert.Equal(expected, error.NotificationData.ToArray());
    }

    [Fact]
    public void RouteRefresh_EncodeThenDecode_IsIdentity()
    {
        Gen.Select(Gen.UShort, Gen.Byte[0, 2], Gen.Byte).Sample((afi, subtype, safi) =>
        {
            var refresh = new RouteRefreshMessage(new AddressFamily((Afi)afi, (Safi)safi), (RouteRefreshSubtype)subtype);
            var encoded = BgpMessageWriter.ToArray(refresh, default);

            Assert.Equal(refresh, RouteRefreshMessage.Decode(encoded.AsSpan(BgpConstants.HeaderLength), default));
        });
    }

    [Fact]
    public void RouteRefresh_RandomBytes_DecodeOrThrowOnlyNotification()
    {
        Gen.Byte.Array[0, 40].Sample(body =>
        {
            try
            {
                RouteRefreshMessage.Decode(body, default);
            }
            catch (BgpNotificationException e)
            {
                Assert.Equal(NotificationCode.RouteRefreshMessageError, e.Code);
            }
        });
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
