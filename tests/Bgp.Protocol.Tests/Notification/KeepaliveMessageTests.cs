using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Xunit;

namespace Bgp.Protocol.Tests.Notification;

public sealed class KeepaliveMessageTests
{
    [Fact]
    public void Keepalive_EncodesAsTheBareHeader()
    {
        // RFC 4271 §4.4: a KEEPALIVE is only the 19-octet header, type 4.
        var encoded = BgpMessageWriter.ToArray(KeepaliveMessage.Instance, default);

        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF001304"), encoded);
        Assert.Same(KeepaliveMessage.Instance, KeepaliveMessage.Decode(encoded.AsSpan(BgpConstants.HeaderLength), default));
    }

    [Theory]
    [InlineData(1, "0014")]
    [InlineData(5, "0018")]
    public void Keepalive_WithBody_Throws_1_2_WithTheLength(int bodyLength, string dataHex)
    {
        var error = Assert.Throws<BgpNotificationException>(() => KeepaliveMessage.Decode(new byte[bodyLength], default));

        Assert.Equal(NotificationCode.MessageHeaderError, error.Code);
        Assert.Equal((byte)MessageHeaderErrorSubcode.BadMessageLength, error.Subcode);
        Assert.Equal(Convert.FromHexString(dataHex), error.NotificationData.ToArray());
    }
}
