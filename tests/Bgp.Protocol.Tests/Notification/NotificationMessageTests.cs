using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using CsCheck;
using Xunit;

namespace Bgp.Protocol.Tests.Notification;

public sealed class NotificationMessageTests
{
    [Theory]
    // RFC 4271 §4.5: code, subcode, data.
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0017 03 02 06 0001", 2, 6, "0001")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0015 03 04 00", 4, 0, "")]
    // RFC 9003 §2: 6/2 with "bye" as the Shutdown Communication.
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0019 03 06 02 03 627965", 6, 2, "03627965")]
    // Unknown code and subcode are kept as received.
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF 0016 03 63 2A FF", 99, 42, "FF")]
    public void Notification_Vector_DecodesAndReencodesIdentically(string messageHex, byte code, byte subcode, string dataHex)
    {
        var message = Hex(messageHex);

        var notification = NotificationMessage.Decode(message.AsSpan(BgpConstants.HeaderLength), default);

        Assert.Equal((NotificationCode)code, notification.Code);
        Assert.Equal(subcode, notification.Subcode);
        Assert.Equal(Hex(dataHex), notification.Data.ToArray());
        Assert.Equal(message, BgpMessageWriter.ToArray(notification, default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("06")]
    public void Notification_ShorterThanCodeAndSubcode_Throws_1_2(string bodyHex)
    {
        var body = Hex(bodyHex);

        var error = Assert.Throws<BgpNotificationException>(() => NotificationMessage.Decode(body, default));

        Assert.Equal(NotificationCode.MessageHeaderError, error.Code);
        Assert.Equal((byte)MessageHeaderErrorSubcode.BadMessageLength, error.Subcode);
        Assert.Equal(new byte[] { 0, (byte)(BgpConstants.HeaderLength + body.Length) }, error.NotificationData.ToArray());
    }

    [Fact]
    public void AdministrativeShutdown_CarriesTheShutdownCommunication()
    {
        var notification = NotificationMessage.AdministrativeShutdown("maintenance, back at 14:00 UTC");

        Assert.Equal(NotificationCode.Cease, notification.Code);
        Assert.Equal((byte)CeaseSubcode.AdministrativeShutdown, notification.Subcode);
        Assert.True(notification.TryGetShutdownCommunication(out var text));
        Assert.Equal("maintenance, back at 14:00 UTC", text);
        Assert.Equal("6/2 Cease/AdministrativeShutdown \"maintenance, back at 14:00 UTC\"", notification.ToString());
    }

    [Fact]
    public void AdministrativeReset_WithNullText_HasZeroLengthCommunication()
    {
        // RFC 9003 §2: a zero length means there is no Shutdown Communication.
        var notification = NotificationMessage.AdministrativeReset(null);

        Assert.Equal((byte)CeaseSubcode.AdministrativeReset, notification.Subcode);
        Assert.Equal(new byte[] { 0 }, notification.Data.ToArray());
        Assert.False(notification.TryGetShutdownCommunication(out _));
    }

    [Fact]
    public void AdministrativeShutdown_With255OctetText_IsKeptWhole()
    {
        // RFC 9003 raised the limit from 128 (RFC 8203) to 255 octets.
        var text = new string('x', 255);

        var notification = NotificationMessage.AdministrativeShutdown(text);

        Assert.Equal(256, notification.Data.Length);
        Assert.True(notification.TryGetShutdownCommunication(out var decoded));
        Assert.Equal(text, decoded);
    }

    [Fact]
    public void AdministrativeShutdown_WithTextOver255Octets_IsCutAtACharacterBoundary()
    {
        // 254 ASCII octets then "é" (2 octets) would need 256 octets: the whole "é" is dropped.
        var text = new string('a', 254) + "éé";

        var notification = NotificationMessage.AdministrativeShutdown(text);

        Assert.Equal(254, notification.Data.Span[0]);
        Assert.True(notification.TryGetShutdownCommunication(out var decoded));
        Assert.Equal(new string('a', 254), decoded);
    }

    [Theory]
    [InlineData(6, 2, "")] // no data at all (pre-RFC 8203 peer)
    [InlineData(6, 2, "00")] // zero length
    [InlineData(6, 2, "05 6279")] // length longer than the data
    [InlineData(6, 2, "FF")] // length 255, no text
    [InlineData(6, 2, "02 C328")] // invalid UTF-8
    [InlineData(6, 4, "02 C081")] // overlong (not shortest form) UTF-8
    [InlineData(6, 2, "03 EDA080")] // encoded surrogate
    [InlineData(6, 3, "03 627965")] // Peer De-configured carries no communication
    [InlineData(2, 2, "03 627965")] // not a Cease
    public void TryGetShutdownCommunication_WithInvalidData_ReturnsFalse(byte code, byte subcode, string dataHex)
    {
        var notification = new NotificationMessage((NotificationCode)code, subcode, Hex(dataHex));

        Assert.False(notification.TryGetShutdownCommunication(out var text));
        Assert.Equal(string.Empty, text);
    }

    [Fact]
    public void TryGetShutdownCommunication_IgnoresTrailingOctets()
    {
        var notification = new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, Hex("02 6869 FFFF"));

        Assert.True(notification.TryGetShutdownCommunication(out var text));
        Assert.Equal("hi", text);
    }

    [Fact]
    public void FromException_CopiesCodeSubcodeAndData()
    {
        var error = BgpErrors.UnacceptableHoldTime(2);

        var notification = NotificationMessage.FromException(error);

        Assert.Equal(new NotificationMessage(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.UnacceptableHoldTime, new byte[] { 0, 2 }), notification);
    }

    [Theory]
    [InlineData(1, 2, "", "1/2 MessageHeaderError/BadMessageLength")]
    [InlineData(2, 6, "0001", "2/6 OpenMessageError/UnacceptableHoldTime data 0001")]
    [InlineData(3, 11, "", "3/11 UpdateMessageError/MalformedAsPath")]
    [InlineData(4, 0, "", "4/0 HoldTimerExpired/Subcode0")]
    [InlineData(5, 3, "", "5/3 FiniteStateMachineError/UnexpectedMessageInEstablished")]
    [InlineData(6, 9, "", "6/9 Cease/HardReset")]
    [InlineData(6, 2, "00", "6/2 Cease/AdministrativeShutdown data 00")]
    [InlineData(7, 1, "", "7/1 RouteRefreshMessageError/InvalidMessageLength")]
    [InlineData(99, 7, "", "99/7 Code99/Subcode7")]
    [InlineData(2, 99, "", "2/99 OpenMessageError/Subcode99")]
    public void ToString_NamesCodeAndSubcode(byte code, byte subcode, string dataHex, string expected)
    {
        Assert.Equal(expected, new NotificationMessage((NotificationCode)code, subcode, Hex(dataHex)).ToString());
    }

    [Fact]
    public void Notification_EncodeThenDecode_IsIdentity()
    {
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte.Array[0, 300]).Sample((code, subcode, data) =>
        {
            var notification = new NotificationMessage((NotificationCode)code, subcode, data);
            var encoded = BgpMessageWriter.ToArray(notification, default);

            Assert.Equal(notification, NotificationMessage.Decode(encoded.AsSpan(BgpConstants.HeaderLength), default));
            _ = notification.ToString();
        });
    }

    [Fact]
    public void ShutdownCommunication_EncodeThenDecode_IsIdentity()
    {
        Gen.Char["abc xyz,.éüß€中文"].Array[1, 80].Select(c => new string(c)).Sample(text =>
        {
            var notification = NotificationMessage.AdministrativeShutdown(text);

            Assert.True(notification.TryGetShutdownCommunication(out var decoded));
            Assert.Equal(text, decoded);
        });
    }

    [Fact]
    public void TryGetShutdownCommunication_RandomData_NeverThrows()
    {
        Gen.Byte.Array[0, 300].Sample(data =>
        {
            var notification = new NotificationMessage(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, data);
            if (notification.TryGetShutdownCommunication(out var text))
            {
                Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) <= data[0]);
            }
        });
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
