using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// AGGREGATOR, type 7, optional transitive (RFC 4271 §4.3 g, §5.1.7; RFC 6793 §3): the AS
/// (2 octets on a 2-octet session, 4 once both sides are 4-octet capable) and an IPv4 address.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Aggregator AS (2 or 4 octets)                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Aggregator IPv4 Address                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.7: a length other than 6 (2-octet session) or 8 (4-octet) is attribute discard.
/// A 4-octet AS sent to a 2-octet peer becomes AS_TRANS plus AS4_AGGREGATOR (RFC 6793 §4.2.2).
/// </summary>
internal static class AggregatorAttribute
{
    private const int TwoOctetLength = sizeof(ushort) + BgpConstants.Ipv4Bytes;
    private const int FourOctetLength = sizeof(uint) + BgpConstants.Ipv4Bytes;

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        var expected = context.FourOctetAs ? FourOctetLength : TwoOctetLength;

        // RFC 7606 §7.7: malformed if its length is not 6 (2-octet session) or 8 (4-octet session).
        if (value.Length != expected)
        {
            return AttributeError.Malformed($"AGGREGATOR length {value.Length}, expected {expected}");
        }

        builder.Aggregator = context.FourOctetAs
            ? new Aggregator(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[sizeof(uint)..]))
            : new Aggregator(BinaryPrimitives.ReadUInt16BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[sizeof(ushort)..]));
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        attributes.Aggregator is null ? -1 : context.FourOctetAs ? FourOctetLength : TwoOctetLength;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        var aggregator = attributes.Aggregator!.Value;
        if (context.FourOctetAs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, aggregator.As);
            BinaryPrimitives.WriteUInt32BigEndian(destination[sizeof(uint)..], aggregator.Address);
            return FourOctetLength;
        }

        // RFC 6793 §4.2.2: a non-mappable AS is sent as AS_TRANS (and AS4_AGGREGATOR carries it).
        BinaryPrimitives.WriteUInt16BigEndian(destination, AsPathAttribute.ToTwoOctet(aggregator.As));
        BinaryPrimitives.WriteUInt32BigEndian(destination[sizeof(ushort)..], aggregator.Address);
        return TwoOctetLength;
    }
}
