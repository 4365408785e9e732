using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// ORIGIN, type 1, well-known mandatory (RFC 4271 §4.3 a, §5.1.1): one octet, IGP / EGP / INCOMPLETE.
/// <code>
/// +-+-+-+-+-+-+-+-+
/// |    Origin     |
/// +-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.1: length other than 1 or an undefined value is treat-as-withdraw.
/// </summary>
internal static class OriginAttribute
{
    private const int Length = 1;

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.1: malformed if its length is not 1 ...
        if (value.Length != Length)
        {
            return AttributeError.Malformed($"ORIGIN length {value.Length}, expected {Length}");
        }

        // ... or if it has an undefined value (RFC 4271 §6.3 Invalid ORIGIN Attribute).
        if (value[0] > (byte)Origin.Incomplete)
        {
            return new AttributeError(null, UpdateMessageErrorSubcode.InvalidOriginAttribute, $"ORIGIN value {value[0]} is undefined");
        }

        builder.Origin = (Origin)value[0];
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) => attributes.Origin is null ? -1 : Length;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        destination[0] = (byte)attributes.Origin!.Value;
        return Length;
    }
}
