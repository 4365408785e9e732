using Xunit;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using static Bgp.Protocol.Tests.Update.UpdateBodies;

namespace Bgp.Protocol.Tests.Update;

/// <summary>RFC 6793 §4.2: AS_TRANS substitution, AS4_PATH / AS4_AGGREGATOR generation and merging.</summary>
public sealed class As4PathTests
{
    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    [Fact]
    public void Encode_ToTwoOctetPeer_SubstitutesAsTrans_AndAddsAs4Path()
    {
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.FromSequence(65001, 4200000001, 65002),
            NextHop = 0xC0000201,
        };
        var hex = Hex(attributes.ToArray(Encode2));

        // AS_PATH: 65001, AS_TRANS (23456 = 0x5ba0), 65002.
        Assert.Contains("40020802" + "03" + "fde9" + "5ba0" + "fdea", hex, StringComparison.Ordinal);

        // AS4_PATH (17), optional transitive, with the real 4-octet ASNs.
        Assert.Contains("c0110e02" + "03" + "0000fde9" + "fa56ea01" + "0000fdea", hex, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ToTwoOctetPeer_AllMappable_NoAs4Path()
    {
        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001, 65002), NextHop = 1 };
        Assert.DoesNotContain("c011", Hex(attributes.ToArray(Encode2)), StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ToTwoOctetPeer_ExcludesConfedSegmentsFromAs4Path()
    {
        var attributes = new PathAttributes
        {
            AsPath = new AsPath([
                new AsPathSegment(AsPathSegmentType.AsConfedSequence, [64512]),
                new AsPathSegment(AsPathSegmentType.AsSequence, [4200000001]),
            ]),
        };
        Assert.Contains("c0110602" + "01" + "fa56ea01", Hex(attributes.ToArray(Encode2)), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoOctetSession_RoundTrip_RestoresFourOctetPathAndAggregator()
    {
        var update = new UpdateMessage
        {
            Attributes = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence(65001, 4200000001, 4200000002, 65002),
                NextHop = 0xC0000201,
                Aggregator = new Aggregator(4200000003, 0x0A000001),
            },
            Nlri = [V4("10.0.0.0/24")],
        };
        var bytes = BgpMessageWriter.ToArray(update, Encode2);
        var hex = Hex(bytes);
        Assert.Contains("c01208" + "fa56ea03" + "0a000001", hex, StringComparison.Ordinal);
        Assert.Contains("c00706" + "5ba0" + "0a000001", hex, StringComparison.Ordinal);

        var decoded = UpdateMessage.Decode(BodyOf(bytes), Ibgp2);
        Assert.Equal(Rfc7606Action.None, decoded.Action);
        Assert.Equal(update, decoded);
    }

    [Fact]
    public void Merge_OldSpeakerPrependedTwoOctetAses_AreKeptInFront()
    {
        // An OLD speaker (AS 65100) prepended itself to AS_PATH after the NEW speaker created
        // AS4_PATH: AS_PATH = 65100 AS_TRANS 65001, AS4_PATH = 4200000001 65001.
        var attributes = "40010100" + "4002080203" + "fe4c" + "5ba0" + "fde9" + "400304c0000201" +
            "c0110a0202" + "fa56ea01" + "0000fde9";
        var update = UpdateMessage.Decode(Body("", attributes, OneNlri), Ibgp2);
        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Equal(AsPath.FromSequence(65100, 4200000001, 65001), update.Attributes.AsPath);
    }

    [Fact]
    public void Merge_As4PathLongerThanAsPath_IsIgnored()
    {
        // RFC 6793 §4.2.3: AS_PATH has 1 ASN, AS4_PATH 2: AS4_PATH SHALL be ignored.
        var attributes = "40010100" + "4002040201" + "fde9" + "400304c0000201" + "c0110a0202" + "fa56ea01" + "0000fde9";
        var update = UpdateMessage.Decode(Body("", attributes, OneNlri), Ibgp2);
        Assert.Equal(AsPath.FromSequence(65001), update.Attributes.AsPath);
        Assert.Contains(update.Errors, e => e.Contains("AS4_PATH ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Merge_AggregatorNotAsTrans_IgnoresAs4AggregatorAndAs4Path()
    {
        var attributes = "40010100" + "4002060202" + "5ba0" + "fde9" + "400304c0000201" +
            "c00706" + "fde9" + "0a000001" + "c0110a0202" + "fa56ea01" + "0000fde9" + "c01208" + "fa56ea01" + "0a000001";
        var update = UpdateMessage.Decode(Body("", attributes, OneNlri), Ibgp2);
        Assert.Equal(new Aggregator(65001, 0x0A000001), update.Attributes.Aggregator);
        Assert.Equal(AsPath.FromSequence(23456, 65001), update.Attributes.AsPath);
    }

    [Fact]
    public void Merge_AggregatorAsTrans_TakesAs4Aggregator()
    {
        var attributes = "40010100" + "4002060202" + "5ba0" + "fde9" + "400304c0000201" +
            "c00706" + "5ba0" + "0a000001" + "c0110a0202" + "fa56ea01" + "0000fde9" + "c01208" + "fa56ea01" + "0a000001";
        var update = UpdateMessage.Decode(Body("", attributes, OneNlri), Ibgp2);
        Assert.Equal(new Aggregator(4200000001, 0x0A000001), update.Attributes.Aggregator);
        Assert.Equal(AsPath.FromSequence(4200000001, 65001), update.Attributes.AsPath);
    }

    [Fact]
    public void Merge_LeadingConfedSegment_IsPrepended()
    {
        var asPath = new AsPath([
            new AsPathSegment(AsPathSegmentType.AsConfedSequence, [64512]),
            new AsPathSegment(AsPathSegmentType.AsSequence, [65100, 23456]),
        ]);
        var merged = As4Merge.Merge(asPath, AsPath.FromSequence(4200000001), needed: 1);
        Assert.Equal("(64512) 65100 4200000001", merged.ToString());
    }

    [Fact]
    public void Merge_As4PathConfedSegments_AreDropped()
    {
        var attributes = "40010100" + "4002060202" + "5ba0" + "fde9" + "400304c0000201" +
            "c0111002" + "02" + "fa56ea01" + "0000fde9" + "0301" + "0000fc00";
        var update = UpdateMessage.Decode(Body("", attributes, OneNlri), Ibgp2);
        Assert.Equal(AsPath.FromSequence(4200000001, 65001), update.Attributes.AsPath);
    }
}
