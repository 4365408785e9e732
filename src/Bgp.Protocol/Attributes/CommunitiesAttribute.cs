using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// COMMUNITIES, type 8, optional transitive (RFC 1997): a list of 4-octet communities.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |              AS (2 octets)    |        Value (2 octets)       |  repeated
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.8: a length that is not a non-zero multiple of 4 is treat-as-withdraw.
/// </summary>
internal static class CommunitiesAttribute
{
    private const int Size = sizeof(uint);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.8: malformed if its length is not a non-zero multiple of 4.
        if (value.IsEmpty || value.Length % Size != 0)
        {
            return AttributeError.Malformed($"COMMUNITIES length {value.Length} is not a non-zero multiple of {Size}");
        }

        var list = new uint[value.Length / Size];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = BinaryPrimitives.ReadUInt32BigEndian(value[(i * Size)..]);
        }

        builder.Communities = list;
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        attributes.CommunitySpan.IsEmpty ? -1 : attributes.CommunitySpan.Length * Size;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        var list = attributes.CommunitySpan;
        for (var i = 0; i < list.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * Size)..], list[i]);
        }

        return list.Length * Size;
    }
}
