using Bgp.Protocol.Capture;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// Our UPDATE encoding is canonical: MP_REACH_NLRI / MP_UNREACH_NLRI first (RFC 7606 §5.1), the
/// other attributes by type code, Extended Length only for values over 255 octets. Every captured
/// UPDATE that a real daemon already wrote in that form must come back byte for byte.
/// </summary>
public sealed class CapturedCanonicalUpdateTests
{
    private const int MaxShortAttributeValue = byte.MaxValue;

    // The committed captures hold 14 (IPv4 unicast from BIRD and GoBGP, End-of-RIB markers,
    // withdrawals); a re-capture may shift a few.
    private const int MinimumCanonical = 10;

    [Fact]
    public void CapturedUpdates_InCanonicalForm_ReencodeByteIdentically()
    {
        var canonical = 0;
        foreach (var vector in CapturedVectors.Load().Where(v => v.Type == BgpMessageType.Update))
        {
            if (!IsCanonical(vector))
            {
                continue;
            }

            canonical++;
            var update = UpdateMessage.Decode(vector.Body, vector.Context);
            var encoded = BgpMessageWriter.ToArray(update, vector.Flags.ToEncodeContext());
            Assert.True(Convert.ToHexString(vector.Bytes) == Convert.ToHexString(encoded),
                $"{vector.Id}: captured {Convert.ToHexString(vector.Bytes)}, re-encoded {Convert.ToHexString(encoded)}");
        }

        Assert.True(canonical >= MinimumCanonical, $"only {canonical} captured UPDATEs are in canonical form");
    }

    private static bool IsCanonical(CapturedMessage vector)
    {
        var view = UpdateView.Parse(vector.Body, vector.Context);
        var previousRank = -1;
        foreach (var attribute in view.Attributes)
        {
            var isMultiprotocol = attribute.Type is PathAttributeType.MpReachNlri or PathAttributeType.MpUnreachNlri;
            var rank = isMultiprotocol ? attribute.TypeCode - byte.MaxValue : attribute.TypeCode;
            var extended = (attribute.Flags & PathAttributeFlags.ExtendedLength) != 0;
            var droppedOnDecode = attribute.IsOptional && !attribute.IsTransitive && AttributeRegistry.Get(attribute.TypeCode) is null;
            var partialAdded = attribute.IsOptional && attribute.IsTransitive && AttributeRegistry.Get(attribute.TypeCode) is null;
            if (rank <= previousRank || extended != attribute.Value.Length > MaxShortAttributeValue || droppedOnDecode || partialAdded)
            {
                return false;
            }

            previousRank = rank;
        }

        return true;
    }
}
