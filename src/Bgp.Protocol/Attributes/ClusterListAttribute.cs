using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// CLUSTER_LIST, type 10, optional non-transitive (RFC 4456 §8): the CLUSTER_IDs the route
/// passed through, most recent first.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       CLUSTER_ID (4 octets)                   |  repeated
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.10: discarded from an external neighbour (registry row); from an internal one a
/// length that is not a non-zero multiple of 4 is treat-as-withdraw.
/// </summary>
internal static class ClusterListAttribute
{
    private const int Size = sizeof(uint);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.10: malformed if its length is not a non-zero multiple of 4.
        if (value.IsEmpty || value.Length % Size != 0)
        {
            return AttributeError.Malformed($"CLUSTER_LIST length {value.Length} is not a non-zero multiple of {Size}");
        }

        var list = new uint[value.Length / Size];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = BinaryPrimitives.ReadUInt32BigEndian(value[(i * Size)..]);
        }

        builder.ClusterList = list;
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        attributes.ClusterListSpan.IsEmpty ? -1 : attributes.ClusterListSpan.Length * Size;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        var list = attributes.ClusterListSpan;
        for (var i = 0; i < list.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * Size)..], list[i]);
        }

        return list.Length * Size;
    }
}
