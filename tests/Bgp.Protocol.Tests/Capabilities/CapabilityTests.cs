using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Xunit;

namespace Bgp.Protocol.Tests.Capabilities;

/// <summary>Capability value vectors, hand-built from each RFC's diagram.</summary>
public sealed class CapabilityTests
{
    private static readonly AddressFamily Ipv4 = AddressFamily.Ipv4Unicast;
    private static readonly AddressFamily Ipv6 = AddressFamily.Ipv6Unicast;

    private static readonly Dictionary<string, Capability> Expected = new()
    {
        ["mp-ipv4-unicast"] = new MultiprotocolCapability(Ipv4),
        ["mp-ipv6-unicast"] = new MultiprotocolCapability(Ipv6),
        ["mp-l2vpn-evpn"] = new MultiprotocolCapability(new AddressFamily((Afi)25, (Safi)70)),
        ["route-refresh"] = RouteRefreshCapability.Instance,
        ["extended-next-hop"] = new ExtendedNextHopCapability([new(Ipv4, Afi.Ipv6), new(new AddressFamily(Afi.Ipv4, (Safi)128), Afi.Ipv6)]),
        ["extended-message"] = ExtendedMessageCapability.Instance,
        ["graceful-restart-r-n"] = new GracefulRestartCapability(true, true, 120, [new(Ipv4, true), new(Ipv6, false)]),
        ["graceful-restart-helper"] = new GracefulRestartCapability(false, false, 0, []),
        ["graceful-restart-max-time"] = new GracefulRestartCapability(false, true, 4095, [new(Ipv6, true)]),
        ["four-octet-as"] = new FourOctetAsCapability(4_200_000_000),
        ["add-path"] = new AddPathCapability([new(Ipv4, AddPathDirection.Both), new(Ipv6, AddPathDirection.Receive)]),
        ["enhanced-route-refresh"] = EnhancedRouteRefreshCapability.Instance,
        ["llgr"] = new LongLivedGracefulRestartCapability([new(Ipv4, true, 3600), new(Ipv6, false, LongLivedGracefulRestartFamily.MaxStaleTime)]),
        ["llgr-empty"] = new LongLivedGracefulRestartCapability([]),
        ["fqdn"] = new FqdnCapability("router", "example.com"),
        ["fqdn-no-domain"] = new FqdnCapability("r1", string.Empty),
        ["unknown-128"] = new UnknownCapability(128, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }),
        ["unknown-empty"] = new UnknownCapability(250, ReadOnlyMemory<byte>.Empty),
    };

    [Theory]
    // RFC 4760 §8: AFI, reserved, SAFI.
    [InlineData("mp-ipv4-unicast", 1, "0001 00 01")]
    [InlineData("mp-ipv6-unicast", 1, "0002 00 01")]
    [InlineData("mp-l2vpn-evpn", 1, "0019 00 46")]
    // RFC 2918 §2, RFC 8654 §3, RFC 7313 §3.1: empty values.
    [InlineData("route-refresh", 2, "")]
    [InlineData("extended-message", 6, "")]
    [InlineData("enhanced-route-refresh", 70, "")]
    // RFC 8950 §4: NLRI AFI (2), NLRI SAFI (2), Nexthop AFI (2).
    [InlineData("extended-next-hop", 5, "0001 0001 0002  0001 0080 0002")]
    // RFC 4724 §3: R|N|time(12) then AFI, SAFI, flags (F = 0x80). 0xC078 = R, N, 120 s.
    [InlineData("graceful-restart-r-n", 64, "C078  0001 01 80  0002 01 00")]
    [InlineData("graceful-restart-helper", 64, "0000")]
    [InlineData("graceful-restart-max-time", 64, "4FFF  0002 01 80")]
    // RFC 6793 §3.
    [InlineData("four-octet-as", 65, "FA56EA00")]
    // RFC 7911 §4: AFI, SAFI, Send/Receive.
    [InlineData("add-path", 69, "0001 01 03  0002 01 01")]
    // RFC 9494 §3: AFI, SAFI, flags (F = 0x80), 24-bit stale time.
    [InlineData("llgr", 71, "0001 01 80 000E10  0002 01 00 FFFFFF")]
    [InlineData("llgr-empty", 71, "")]
    // draft-walton-bgp-hostname-capability §3: length-prefixed hostname and domain name.
    [InlineData("fqdn", 73, "06 726F75746572  0B 6578616D706C652E636F6D")]
    [InlineData("fqdn-no-domain", 73, "02 7231  00")]
    // RFC 5492 §5: unknown capabilities are kept, not rejected.
    [InlineData("unknown-128", 128, "DEADBEEF")]
    [InlineData("unknown-empty", 250, "")]
    public void Capability_Vector_DecodesAndReencodesIdentically(string name, byte code, string valueHex)
    {
        var value = Hex(valueHex);

        var decoded = Capability.Decode((CapabilityCode)code, value);

        Assert.Equal(Expected[name], decoded);
        Assert.Equal((CapabilityCode)code, decoded.Code);
        Assert.Equal(value.Length, decoded.ValueLength);
        var encoded = new byte[decoded.ValueLength];
        decoded.WriteValue(encoded);
        Assert.Equal(value, encoded);
    }

    [Theory]
    [InlineData(1, "000100")] // RFC 4760 §8: 4 octets
    [InlineData(1, "0001000100")]
    [InlineData(2, "00")] // RFC 2918 §2: length 0
    [InlineData(6, "01")] // RFC 8654 §3: length 0
    [InlineData(70, "0000")] // RFC 7313 §3.1: length 0
    [InlineData(5, "00010001")] // RFC 8950 §4: 6n
    [InlineData(64, "C0")] // RFC 4724 §3: 2 + 4n
    [InlineData(64, "C078 000101")]
    [InlineData(65, "FDE9")] // RFC 6793 §3: 4
    [InlineData(65, "0000FDE900")]
    [InlineData(69, "000101")] // RFC 7911 §4: 4n
    [InlineData(71, "0001018000")] // RFC 9494 §3: 7n
    [InlineData(73, "")] // FQDN: hostname length missing
    [InlineData(73, "05 7231")] // hostname overruns
    [InlineData(73, "02 7231")] // domain length missing
    [InlineData(73, "02 7231 00 FF")] // trailing octet
    public void Capability_WithMalformedValue_Throws_2_0_WithTheCapabilityAsData(byte code, string valueHex)
    {
        var value = Hex(valueHex);

        var error = Assert.Throws<BgpNotificationException>(() => Capability.Decode((CapabilityCode)code, value));

        // RFC 4271 §6.2: recognized but malformed optional parameter content is Unspecific.
        Assert.Equal(NotificationCode.OpenMessageError, error.Code);
        Assert.Equal((byte)OpenMessageErrorSubcode.Unspecific, error.Subcode);
        Assert.Equal([code, (byte)value.Length, .. value], error.NotificationData.ToArray());
    }

    [Fact]
    public void ExtendedNextHop_WithSafiAbove255_SkipsTheTuple()
    {
        var decoded = Capability.Decode(CapabilityCode.ExtendedNextHop, Hex("0001 0101 0002  0001 0001 0002"));

        Assert.Equal(new ExtendedNextHopCapability([new(Ipv4, Afi.Ipv6)]), decoded);
    }

    [Fact]
    public void GracefulRestart_ReservedBitsAreIgnoredOnReceipt()
    {
        // RFC 4724 §3: reserved restart-flag bits and address-family flag bits are ignored.
        var decoded = Capability.Decode(CapabilityCode.GracefulRestart, Hex("3078 0001 01 7F"));

        Assert.Equal(new GracefulRestartCapability(false, false, 120, [new(Ipv4, false)]), decoded);
    }

    [Fact]
    public void GracefulRestart_RestartTimeAbove12Bits_IsRejectedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GracefulRestartCapability(false, false, 4096, []));
    }

    [Fact]
    public void LongLivedStaleTimeAbove24Bits_IsRejectedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LongLivedGracefulRestartFamily(Ipv4, false, 0x0100_0000));
    }

    [Fact]
    public void AddPath_DirectionFor_FindsTheFamily()
    {
        var capability = new AddPathCapability([new(Ipv4, AddPathDirection.Send)]);

        Assert.Equal(AddPathDirection.Send, capability.DirectionFor(Ipv4));
        Assert.Equal(AddPathDirection.None, capability.DirectionFor(Ipv6));
    }

    [Fact]
    public void CapabilityList_FindLast_ReturnsTheLastInstance()
    {
        // RFC 4724 §3: a receiver MUST ignore all but the last Graceful Restart capability.
        IReadOnlyList<Capability> capabilities =
        [
            new GracefulRestartCapability(false, false, 10, []),
            new MultiprotocolCapability(Ipv4),
            new GracefulRestartCapability(true, false, 20, []),
            new MultiprotocolCapability(Ipv6),
        ];

        Assert.Equal(20, capabilities.FindLast<GracefulRestartCapability>()!.RestartTime);
        Assert.Null(capabilities.FindLast<FourOctetAsCapability>());
        Assert.True(capabilities.Has<MultiprotocolCapability>());
        Assert.Equal([Ipv4, Ipv6], capabilities.MultiprotocolFamilies());
    }

    [Fact]
    public void ListCapabilities_HaveValueEquality()
    {
        Assert.Equal(
            new AddPathCapability([new(Ipv4, AddPathDirection.Both)]),
            new AddPathCapability(new List<AddPathFamily> { new(Ipv4, AddPathDirection.Both) }));
        Assert.NotEqual(
            new AddPathCapability([new(Ipv4, AddPathDirection.Both)]),
            new AddPathCapability([new(Ipv4, AddPathDirection.Send)]));
        Assert.Equal(
            new UnknownCapability(9, new byte[] { 1, 2 }).GetHashCode(),
            new UnknownCapability(9, new byte[] { 1, 2 }).GetHashCode());
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
