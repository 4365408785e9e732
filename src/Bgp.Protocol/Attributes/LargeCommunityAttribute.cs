using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// LARGE_COMMUNITY, type 32, optional transitive (RFC 8092 §3): 12-octet communities.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Global Administrator                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Local Data Part 1                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Local Data Part 2                       |  repeated
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 8092 §6: a length that is not a non-zero multiple of 12 is treat-as-withdraw.
/// </summary>
internal static class LargeCommunityAttribute
{
    private const int Size = 3 * sizeof(uint);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 8092 §6: malformed if its length is not a non-zero multiple of 12.
        if (value.IsEmpty || value.Length % Size != 0)
        {
            return AttributeError.Malformed($"LARGE_COMMUNITY length {value.Length} is not a non-zero multiple of {Size}");
        }

        var list = new LargeCommunity[value.Length / Size];
        for (var i = 0; i < list.Length; i++)
        {
            var item = value[(i * Size)..];
            list[i] = new LargeCommunity(
                BinaryPrimitives.ReadUInt32BigEndian(item),
                BinaryPrimitives.ReadUInt32BigEndian(item[sizeof(uint)..]),
                BinaryPrimitives.ReadUInt32BigEndian(item[(2 * sizeof(uint))..]));
        }

        builder.LargeCommunities = list;
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        attributes.LargeCommunitySpan.IsEmpty ? -1 : attributes.LargeCommunitySpan.Length * Size;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        var list = attributes.LargeCommunitySpan;
        for (var i = 0; i < list.Length; i++)
        {
            var item = destination[(i * Size)..];
            BinaryPrimitives.WriteUInt32BigEndian(item, list[i].GlobalAdministrator);
            BinaryPrimitives.WriteUInt32BigEndian(item[sizeof(uint)..], list[i].LocalData1);
            BinaryPrimitives.WriteUInt32BigEndian(item[(2 * sizeof(uint))..], list[i].LocalData2);
        }

        return list.Length * Size;
    }
}
