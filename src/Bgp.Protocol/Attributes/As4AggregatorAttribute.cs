using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// AS4_AGGREGATOR, type 18, optional transitive (RFC 6793 §3): the 4-octet AS and IPv4 address
/// of the aggregator, sent only to 2-octet peers when the AS is not mappable (§4.2.2).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Aggregator AS (4 octets)                 |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Aggregator IPv4 Address                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 6793 §6: a length other than 8 is attribute discard; between two 4-octet speakers the
/// attribute MUST be discarded. Merging with AGGREGATOR happens in <see cref="As4Merge"/>.
/// </summary>
internal static class As4AggregatorAttribute
{
    private const int Length = sizeof(uint) + BgpConstants.Ipv4Bytes;

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 6793 §6: a NEW speaker receiving AS4_AGGREGATOR from a NEW speaker MUST discard it.
        if (context.FourOctetAs)
        {
            return AttributeError.Malformed("AS4_AGGREGATOR received on a 4-octet AS session");
        }

        // RFC 6793 §6: malformed if the attribute length is not 8.
        if (value.Length != Length)
        {
            return AttributeError.Malformed($"AS4_AGGREGATOR length {value.Length}, expected {Length}");
        }

        builder.As4Aggregator = new Aggregator(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[sizeof(uint)..]));
        return AttributeError.None;
    }

    /// <summary>RFC 6793 §4.2.2: only towards a 2-octet peer, only for a non-mappable AS.</summary>
    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        !context.FourOctetAs && attributes.Aggregator is { } aggregator && aggregator.As > ushort.MaxValue ? Length : -1;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        var aggregator = attributes.Aggregator!.Value;
        BinaryPrimitives.WriteUInt32BigEndian(destination, aggregator.As);
        BinaryPrimitives.WriteUInt32BigEndian(destination[sizeof(uint)..], aggregator.Address);
        return Length;
    }
}
