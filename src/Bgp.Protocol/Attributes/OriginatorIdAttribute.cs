using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// ORIGINATOR_ID, type 9, optional non-transitive (RFC 4456 §8): the 4-octet BGP Identifier of
/// the route's originator in the local AS.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Originator ID                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.9: discarded from an external neighbour (registry row); from an internal one a
/// length other than 4 is treat-as-withdraw.
/// </summary>
internal static class OriginatorIdAttribute
{
    private const int Length = sizeof(uint);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.9: malformed if its length is not 4.
        if (value.Length != Length)
        {
            return AttributeError.Malformed($"ORIGINATOR_ID length {value.Length}, expected {Length}");
        }

        builder.OriginatorId = BinaryPrimitives.ReadUInt32BigEndian(value);
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) => attributes.OriginatorId is null ? -1 : Length;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, attributes.OriginatorId!.Value);
        return Length;
    }
}
