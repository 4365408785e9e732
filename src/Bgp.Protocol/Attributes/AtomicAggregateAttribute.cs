namespace Bgp.Protocol.Attributes;

/// <summary>
/// ATOMIC_AGGREGATE, type 6, well-known discretionary (RFC 4271 §4.3 f, §5.1.6): no value.
/// RFC 7606 §7.6: a length other than 0 is attribute discard.
/// </summary>
internal static class AtomicAggregateAttribute
{
    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.6: malformed if its length is not 0.
        if (!value.IsEmpty)
        {
            return AttributeError.Malformed($"ATOMIC_AGGREGATE length {value.Length}, expected 0");
        }

        builder.AtomicAggregate = true;
        return AttributeError.None;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) => attributes.AtomicAggregate ? 0 : -1;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination) => 0;
}
