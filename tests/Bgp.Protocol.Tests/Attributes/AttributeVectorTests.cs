using Xunit;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using static Bgp.Protocol.Tests.Update.UpdateBodies;

namespace Bgp.Protocol.Tests.Attributes;

/// <summary>
/// One hex vector per attribute type: decode → fields → encode → identical bytes (canonical
/// form: MP attributes first, then by type code, Extended Length only above 255 octets).
/// </summary>
public sealed class AttributeVectorTests
{
    private const string Ipv6Global = "20010db8000000000000000000000001";
    private const string Ipv6LinkLocal = "fe800000000000000000000000000001";

    private static PathAttributes RoundTrip(string attributes, string nlri, DecodeContext decode, EncodeContext encode)
    {
        var body = Body("", attributes, nlri);
        var update = UpdateMessage.Decode(body, decode);
        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Equal(Convert.ToHexString(body), Convert.ToHexString(BodyOf(BgpMessageWriter.ToArray(update, encode))));
        return update.Attributes;
    }

    [Theory]
    [InlineData("80040400000064", "MULTI_EXIT_DISC 100")]
    [InlineData("40050400000064", "LOCAL_PREF 100")]
    [InlineData("400600", "ATOMIC_AGGREGATE")]
    [InlineData("c00708fa56ea01c0000201", "AGGREGATOR 4200000001 192.0.2.1")]
    [InlineData("c00808fde90064ffffff01", "COMMUNITIES 65001:100 NO_EXPORT")]
    [InlineData("80090401020304", "ORIGINATOR_ID 1.2.3.4")]
    [InlineData("800a080a0a0a0a0b0b0b0b", "CLUSTER_LIST")]
    [InlineData("c010080002fde900000001", "EXTENDED_COMMUNITIES route target")]
    [InlineData("c0200cfa56ea010000000100000002", "LARGE_COMMUNITY 4200000001:1:2")]
    [InlineData("e0630201ff", "unknown optional transitive, Partial")]
    public void Attribute_AfterBase_RoundTripsByteIdentical(string attribute, string what)
    {
        _ = what;
        RoundTrip(BaseAttributes4 + attribute, OneNlri, Ibgp4, Encode4);
    }

    [Fact]
    public void Attributes_DecodeToTheirValues()
    {
        var attributes = RoundTrip(
            BaseAttributes4 + "80040400000064" + "40050400000065" + "400600" + "c00708fa56ea01c0000201" + "c00808fde90064ffffff01" +
            "80090401020304" + "800a080a0a0a0a0b0b0b0b" + "c010080002fde900000001" + "c0200cfa56ea010000000100000002",
            OneNlri, Ibgp4, Encode4);
        Assert.Equal(100u, attributes.MultiExitDisc);
        Assert.Equal(101u, attributes.LocalPref);
        Assert.True(attributes.AtomicAggregate);
        Assert.Equal(new Aggregator(4200000001, 0xC0000201), attributes.Aggregator);
        Assert.Equal([0xFDE90064u, (uint)WellKnownCommunity.NoExport], attributes.Communities);
        Assert.Equal(0x01020304u, attributes.OriginatorId);
        Assert.Equal([0x0A0A0A0Au, 0x0B0B0B0Bu], attributes.ClusterList);
        Assert.Equal([0x0002FDE900000001UL], attributes.ExtendedCommunities);
        Assert.Equal([new LargeCommunity(4200000001, 1, 2)], attributes.LargeCommunities);
    }

    [Fact]
    public void AsPath_AllFourSegmentTypes_RoundTrip()
    {
        var asPath = "400220" + "0301" + "0000fc00" + "0202" + "0000fde9" + "fa56ea01" + "0102" + "0000fdf2" + "0000fdf3" + "0401" + "0000fc01";
        var attributes = RoundTrip("40010100" + asPath + "400304c0000201", OneNlri, Ibgp4, Encode4);
        Assert.Equal("(64512) 65001 4200000001 {65010 65011} [64513]", attributes.AsPath!.ToString());
        Assert.Equal(3, attributes.AsPath.PathLength);
    }

    [Fact]
    public void AsPath_TwoOctet_AndAggregator6_OnTwoOctetSession_RoundTrip()
    {
        var attributes = RoundTrip(BaseAttributes2 + "c00706fde9c0000201", OneNlri, Ibgp2, Encode2);
        Assert.Equal(new Aggregator(65001, 0xC0000201), attributes.Aggregator);
    }

    [Fact]
    public void AsPath_LongerThan255_IsSplitIntoSegments()
    {
        var path = AsPath.FromSequence(Enumerable.Range(1, 300).Select(i => (uint)i).ToArray());
        var update = new UpdateMessage
        {
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = path, NextHop = 0x0A000001 },
            Nlri = [V4("10.0.0.0/24")],
        };
        var decoded = UpdateMessage.Decode(BodyOf(BgpMessageWriter.ToArray(update, Encode4)), Ibgp4);
        Assert.Equal(2, decoded.Attributes.AsPath!.Segments.Count);
        Assert.Equal(300, decoded.Attributes.AsPath.PathLength);
    }

    [Fact]
    public void MpReach_Ipv6WithLinkLocal_RoundTrips()
    {
        var reach = "800e2a" + "000201" + "20" + Ipv6Global + Ipv6LinkLocal + "00" + "2020010db8";
        var attributes = RoundTrip(reach + "40010100" + "40020602010000fde9", "", Ibgp4, Encode4);
        Assert.Equal(AddressFamily.Ipv6Unicast, attributes.MpReach!.Family);
        Assert.True(attributes.MpReach.NextHop.HasLinkLocal);
        Assert.Equal("2001:db8::/32", Assert.Single(attributes.MpReach.Nlri).Prefix.ToString());
    }

    [Fact]
    public void MpReach_Ipv4NlriWithIpv6NextHop_Rfc8950_RoundTrips()
    {
        var reach = "800e19" + "000101" + "10" + Ipv6Global + "00" + "180a0000";
        var attributes = RoundTrip(reach + "40010100" + "40020602010000fde9", "", Ibgp4, Encode4);
        Assert.Equal(AddressFamily.Ipv4Unicast, attributes.MpReach!.Family);
        Assert.True(attributes.MpReach.NextHop.IsIpv6);
    }

    [Fact]
    public void MpUnreach_RoundTrips()
    {
        var attributes = RoundTrip("800f08" + "000201" + "2020010db8", "", Ibgp4, Encode4);
        Assert.Equal("2001:db8::/32", Assert.Single(attributes.MpUnreach!.Withdrawn).Prefix.ToString());
    }

    [Fact]
    public void MpReach_UnsupportedFamily_IsKeptOpaque_NotAnError()
    {
        // AFI 1 / SAFI 128 (L3VPN): no codec here, carried as bytes.
        var reach = "800e0d" + "000180" + "04" + "c0000201" + "00" + "00000000";
        var attributes = RoundTrip(reach + "40010100" + "40020602010000fde9", "", Ibgp4, Encode4);
        Assert.True(attributes.MpReach!.IsOpaque);
    }
}
