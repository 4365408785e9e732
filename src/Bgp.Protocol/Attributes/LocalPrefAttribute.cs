using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// LOCAL_PREF, type 5, well-known, sent to internal peers only (RFC 4271 §4.3 e, §5.1.5): a 4-octet integer.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Local Pref                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.5: from an external neighbour it is discarded (registry row); from an internal
/// one a length other than 4 is treat-as-withdraw.
/// </summary>
internal static class LocalPrefAttribute
{
    private const int Length = sizeof(uint);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.5: from an internal neighbour, malformed if its length is not 4.
        if (value.Length != Length)
        {
            return AttributeError.Malformed($"LOCAL_PREF length {value.Length}, expected {Length}");
        }

        builder.LocalPref = BinaryPrimitives.ReadUInt32BigEndian(value);
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) => attributes.LocalPref is null ? -1 : Length;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, attributes.LocalPref!.Value);
        return Length;
    }
}
