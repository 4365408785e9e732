using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Xunit;

namespace Bgp.Protocol.Tests.Open;

public sealed class OpenMessageTests
{
    private const string Marker = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

    /// <summary>
    /// An OPEN as BIRD 2 sends it for an IPv4 + IPv6 session, AS 65001, hold 240, router id 10.0.0.1,
    /// default graceful-restart and long-lived-GR "aware" modes. HAND-ASSEMBLED from knowledge of
    /// BIRD 2's capability order (MP, route refresh, GR, 4-octet AS, enhanced RR, LLGR), NOT a capture;
    /// captured vectors are to be added by the interop work.
    /// </summary>
    private const string Bird2Open =
        Marker + "003B 01" +
        "04 FDE9 00F0 0A000001" +
        "1E 02 1C" +
        "01 04 0001 00 01" +
        "01 04 0002 00 01" +
        "02 00" +
        "40 02 0078" +
        "41 04 0000FDE9" +
        "46 00" +
        "47 00";

    [Fact]
    public void Open_Bird2Vector_DecodesAndReencodesIdentically()
    {
        var message = Hex(Bird2Open);
        var header = BgpMessageHeader.Parse(message, BgpConstants.MaxMessageLength);

        var open = OpenMessage.Decode(message.AsSpan(BgpConstants.HeaderLength), default);

        Assert.Equal(BgpMessageType.Open, header.Type);
        Assert.Equal(4, open.Version);
        Assert.Equal(65001, open.MyAs);
        Assert.Equal(65001u, open.EffectiveAs);
        Assert.Equal(240, open.HoldTime);
        Assert.Equal(0x0A000001u, open.BgpIdentifier);
        Assert.Equal(
            [
                new MultiprotocolCapability(AddressFamily.Ipv4Unicast),
                new MultiprotocolCapability(AddressFamily.Ipv6Unicast),
                RouteRefreshCapability.Instance,
                new GracefulRestartCapability(false, false, 120, []),
                new FourOctetAsCapability(65001),
                EnhancedRouteRefreshCapability.Instance,
                new LongLivedGracefulRestartCapability([]),
            ],
            open.Capabilities);
        Assert.Equal(message, BgpMessageWriter.ToArray(open, default));
    }

    [Fact]
    public void Open_WithoutOptionalParameters_RoundTrips()
    {
        var body = Hex("04 FDE9 005A C0A80001 00");

        var open = OpenMessage.Decode(body, default);

        Assert.Empty(open.Capabilities);
        Assert.Equal(90, open.HoldTime);
        Assert.Equal(65001u, open.EffectiveAs);
        Assert.Equal(body, Body(open));
    }

    [Fact]
    public void Open_WithHoldTimeZero_IsAccepted()
    {
        // RFC 4271 §4.2: zero means no keepalives; only 1 and 2 are forbidden.
        var open = OpenMessage.Decode(Hex("04 FDE9 0000 C0A80001 00"), default);

        Assert.Equal(0, open.HoldTime);
    }

    [Fact]
    public void Open_WithOneParameterPerCapability_DecodesTheSameCapabilities()
    {
        // RFC 5492 §4: a speaker may put each capability in its own optional parameter (Cisco does).
        var body = Hex("04 5BA0 00B4 01020304 14" +
            "02 06 01 04 0001 00 01" +
            "02 02 02 00" +
            "02 06 41 04 000186A0");

        var open = OpenMessage.Decode(body, default);

        Assert.Equal(OpenMessage.Create(100_000, 180, 0x01020304, [new MultiprotocolCapability(AddressFamily.Ipv4Unicast), RouteRefreshCapability.Instance]), open);
        Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        Assert.Equal(100_000u, open.EffectiveAs);
    }

    [Fact]
    public void Open_WithExtendedOptionalParameters_Decodes()
    {
        // RFC 9072 §2: Non-Ext OP Len, Non-Ext OP Type 255, 2-octet length, 2-octet parameter lengths.
        // An implementation "MUST accept" this encoding even when the parameters fit in 255 octets.
        var body = Hex("04 FDE9 00F0 0A000001  FF FF 0009  02 0006  41 04 0000FDE9");

        var open = OpenMessage.Decode(body, default);

        Assert.Equal([new FourOctetAsCapability(65001)], open.Capabilities);
        // RFC 9072 §2: we re-encode with the RFC 4271 encoding since the parameters fit.
        Assert.Equal(Hex("04 FDE9 00F0 0A000001  08 02 06 41 04 0000FDE9"), Body(open));
    }

    [Fact]
    public void Open_WithParametersOver255Octets_UsesExtendedLengthAndRoundTrips()
    {
        // 70 Multiprotocol capabilities of 6 octets: 420 octets, more than a 1-octet length can say.
        var capabilities = Enumerable.Range(1, 70)
            .Select(i => (Capability)new MultiprotocolCapability(new AddressFamily(Afi.Ipv4, (Safi)i)))
            .ToArray();
        var open = OpenMessage.Create(65001, 90, 1, capabilities);

        var body = Body(open);

        Assert.Equal(byte.MaxValue, body[OpenMessage.FixedFieldsLength]);
        Assert.Equal((byte)OptionalParameterType.ExtendedLength, body[OpenMessage.FixedFieldsLength + 1]);
        var capabilitiesLength = (70 * 6) + 6;
        Assert.Equal(3 + capabilitiesLength, (body[11] << 8) | body[12]);
        Assert.Equal((byte)OptionalParameterType.Capabilities, body[13]);
        Assert.Equal(capabilitiesLength, (body[14] << 8) | body[15]);
        Assert.Equal(open, OpenMessage.Decode(body, default));
    }

    [Fact]
    public void Open_ParametersOfExactly255Octets_StayInTheRfc4271Encoding()
    {
        // 2 (parameter header) + 253 (capabilities) = 255: the largest non-extended encoding.
        var open = new OpenMessage
        {
            MyAs = 1,
            HoldTime = 3,
            BgpIdentifier = 1,
            Capabilities = [new UnknownCapability(200, new byte[251])],
        };

        var body = Body(open);

        Assert.Equal(255, body[OpenMessage.FixedFieldsLength]);
        Assert.Equal((byte)OptionalParameterType.Capabilities, body[OpenMessage.FixedFieldsLength + 1]);
        Assert.Equal(open, OpenMessage.Decode(body, default));
    }

    [Fact]
    public void Create_WithFourOctetAs_SetsAsTransAndAddsTheCapability()
    {
        var open = OpenMessage.Create(4_200_000_001, 90, 0x0A000001, [RouteRefreshCapability.Instance]);

        Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        Assert.Equal(4_200_000_001u, open.EffectiveAs);
        Assert.Equal([RouteRefreshCapability.Instance, new FourOctetAsCapability(4_200_000_001)], open.Capabilities);
    }

    [Fact]
    public void Create_WithTwoOctetAs_KeepsAnExistingFourOctetCapability()
    {
        var open = OpenMessage.Create(65001, 90, 1, [new FourOctetAsCapability(65001)]);

        Assert.Equal(65001, open.MyAs);
        Assert.Single(open.Capabilities);
    }

    [Fact]
    public void TryWrite_WithTooSmallBuffer_ReturnsFalse()
    {
        var open = OpenMessage.Create(65001, 90, 1, []);

        Assert.False(open.TryWrite(new byte[open.GetEncodedLength(default) - 1], default, out var written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void TryWrite_WithCapabilityValueOver255Octets_ReturnsFalse()
    {
        var open = OpenMessage.Create(65001, 90, 1, [new UnknownCapability(200, new byte[256])]);

        Assert.False(open.TryWrite(new byte[open.GetEncodedLength(default)], default, out _));
    }

    [Fact]
    public void ToString_NamesAsHoldAndIdentifier()
    {
        var text = OpenMessage.Create(65001, 90, 0x0A000001, []).ToString();

        Assert.Contains("AS 65001", text, StringComparison.Ordinal);
        Assert.Contains("10.0.0.1", text, StringComparison.Ordinal);
    }

    [Theory]
    // RFC 4271 §6.2: Unsupported Version Number; data is the 2-octet version we support (4).
    [InlineData("bad-version-3", "03 FDE9 00F0 0A000001 00", 2, 1, "0004")]
    [InlineData("bad-version-5", "05 FDE9 00F0 0A000001 00", 2, 1, "0004")]
    // RFC 4271 §6.2: hold times of 1 and 2 MUST be rejected; data is the offending field.
    [InlineData("hold-1", "04 FDE9 0001 0A000001 00", 2, 6, "0001")]
    [InlineData("hold-2", "04 FDE9 0002 0A000001 00", 2, 6, "0002")]
    // RFC 6286 §2.2: a zero BGP Identifier; data is the offending field.
    [InlineData("bgp-id-0", "04 FDE9 00F0 00000000 00", 2, 3, "00000000")]
    // RFC 4271 §6.2: optional parameter type 1 (deprecated authentication) is unsupported; data is the parameter.
    [InlineData("param-type-1", "04 FDE9 00F0 0A000001 04 01 02 ABCD", 2, 4, "0102ABCD")]
    [InlineData("param-type-3-after-caps", "04 FDE9 00F0 0A000001 06 02 02 0200 03 00", 2, 4, "0300")]
    // RFC 9072 §2: type 255 only marks the extended format as the first parameter; later it is unknown.
    [InlineData("param-type-255-later", "04 FDE9 00F0 0A000001 06 02 02 0200 FF 00", 2, 4, "FF00")]
    // RFC 4271 §6.2 (recognized but malformed → Unspecific): length inconsistencies.
    [InlineData("opt-len-overrun", "04 FDE9 00F0 0A000001 0A 02 02 0200", 2, 0, "")]
    [InlineData("opt-len-short", "04 FDE9 00F0 0A000001 02 02 02 0200", 2, 0, "")]
    [InlineData("param-header-truncated", "04 FDE9 00F0 0A000001 01 02", 2, 0, "")]
    [InlineData("param-len-overrun", "04 FDE9 00F0 0A000001 05 02 05 41 04 00", 2, 0, "")]
    [InlineData("capability-truncated", "04 FDE9 00F0 0A000001 04 02 02 41 04", 2, 0, "")]
    [InlineData("capability-header-truncated", "04 FDE9 00F0 0A000001 03 02 01 41", 2, 0, "")]
    [InlineData("ext-prefix-truncated", "04 FDE9 00F0 0A000001 01 FF", 2, 0, "")]
    [InlineData("ext-len-mismatch", "04 FDE9 00F0 0A000001 FF FF 0010 02 0002 0200", 2, 0, "")]
    [InlineData("ext-param-overrun", "04 FDE9 00F0 0A000001 FF FF 0005 02 0004 0200", 2, 0, "")]
    // RFC 4271 §6.2: a malformed known capability is Unspecific; data is that capability.
    [InlineData("four-octet-as-len-2", "04 FDE9 00F0 0A000001 06 02 04 41 02 FDE9", 2, 0, "4102FDE9")]
    [InlineData("graceful-restart-len-3", "04 FDE9 00F0 0A000001 07 02 05 40 03 007800", 2, 0, "4003007800")]
    // RFC 4271 §6.1: shorter than the fixed fields; data is the (reconstructed) Length field.
    [InlineData("body-too-short", "04 FDE9 00F0 0A", 1, 2, "0019")]
    [InlineData("body-empty", "", 1, 2, "0013")]
    public void Open_Malformed_ThrowsExactNotification(string name, string bodyHex, byte code, byte subcode, string dataHex)
    {
        var error = Assert.Throws<BgpNotificationException>(() => OpenMessage.Decode(Hex(bodyHex), default));

        Assert.True((NotificationCode)code == error.Code, name);
        Assert.Equal(subcode, error.Subcode);
        Assert.Equal(Hex(dataHex), error.NotificationData.ToArray());
    }

    [Fact]
    public void Open_WithBadVersion_Throws_2_1_BeforeOtherChecks()
    {
        // Version decides how the rest is read, so it is checked first even if the rest is also bad.
        var error = Assert.Throws<BgpNotificationException>(() => OpenMessage.Decode(Hex("03 FDE9 0001 00000000 7F"), default));

        Assert.Equal(NotificationCode.OpenMessageError, error.Code);
        Assert.Equal((byte)OpenMessageErrorSubcode.UnsupportedVersionNumber, error.Subcode);
    }

    internal static byte[] Body(OpenMessage open) => BgpMessageWriter.ToArray(open, default)[BgpConstants.HeaderLength..];

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
