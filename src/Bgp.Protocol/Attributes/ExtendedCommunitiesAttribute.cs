using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// EXTENDED COMMUNITIES, type 16, optional transitive (RFC 4360 §2): 8-octet communities, held
/// as big-endian 64-bit integers (type, sub-type and value are not interpreted here).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Type high    |  Type low(*)  |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+          Value                |
/// |                                                               |  repeated
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.14: a length that is not a non-zero multiple of 8 is treat-as-withdraw; an
/// unrecognized type or sub-type MUST NOT be treated as an error.
/// </summary>
internal static class ExtendedCommunitiesAttribute
{
    private const int Size = sizeof(ulong);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.14: malformed if its length is not a non-zero multiple of 8.
        if (value.IsEmpty || value.Length % Size != 0)
        {
            return AttributeError.Malformed($"EXTENDED_COMMUNITIES length {value.Length} is not a non-zero multiple of {Size}");
        }

        var list = new ulong[value.Length / Size];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = BinaryPrimitives.ReadUInt64BigEndian(value[(i * Size)..]);
        }

        builder.ExtendedCommunities = list;
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        attributes.ExtendedCommunitySpan.IsEmpty ? -1 : attributes.ExtendedCommunitySpan.Length * Size;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        var list = attributes.ExtendedCommunitySpan;
        for (var i = 0; i < list.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[(i * Size)..], list[i]);
        }

        return list.Length * Size;
    }
}
