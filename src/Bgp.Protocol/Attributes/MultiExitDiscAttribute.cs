using System.Buffers.Binary;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// MULTI_EXIT_DISC, type 4, optional non-transitive (RFC 4271 §4.3 d, §5.1.4): a 4-octet integer.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Multi Exit Discriminator                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.4: length other than 4 is treat-as-withdraw.
/// </summary>
internal static class MultiExitDiscAttribute
{
    private const int Length = sizeof(uint);

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.4: malformed if its length is not 4.
        if (value.Length != Length)
        {
            return AttributeError.Malformed($"MULTI_EXIT_DISC length {value.Length}, expected {Length}");
        }

        builder.MultiExitDisc = BinaryPrimitives.ReadUInt32BigEndian(value);
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) => attributes.MultiExitDisc is null ? -1 : Length;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, attributes.MultiExitDisc!.Value);
        return Length;
    }
}
