namespace Bgp.Protocol.Attributes;

/// <summary>
/// AS4_PATH, type 17, optional transitive (RFC 6793 §3): the AS path with 4-octet ASNs, same
/// segment format as AS_PATH, sent only to 2-octet peers and only when some ASN is not mappable
/// (§4.2.2), never with confederation segments.
/// <code>
/// +-----------------+-----------------+---------------------------------+
/// | segment type(1) | segment length  | AS numbers (length x 4 octets)  |  repeated
/// +-----------------+-----------------+---------------------------------+
/// </code>
/// RFC 6793 §6: a malformed AS4_PATH is attribute discard; received between 4-octet speakers
/// it MUST be discarded; confederation segments in it are dropped. The merge with AS_PATH is
/// <see cref="As4Merge"/>.
/// </summary>
internal static class As4PathAttribute
{
    /// <summary>RFC 6793 §6: shorter than 6 octets cannot carry one AS number.</summary>
    private const int MinLength = AsPathAttribute.SegmentHeaderLength + AsPathAttribute.FourOctetAsn;

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 6793 §6: a NEW speaker receiving AS4_PATH from a NEW speaker MUST discard it.
        if (context.FourOctetAs)
        {
            return AttributeError.Malformed("AS4_PATH received on a 4-octet AS session");
        }

        // RFC 6793 §6: malformed if the length is not a multiple of two or less than 6.
        if (value.Length < MinLength || value.Length % sizeof(ushort) != 0)
        {
            return AttributeError.Malformed($"AS4_PATH length {value.Length} is invalid");
        }

        // RFC 6793 §6: zero or inconsistent segment length, or an undefined segment type.
        var error = AsPathAttribute.TryParse(value, AsPathAttribute.FourOctetAsn, out var path);
        if (error is not null)
        {
            return AttributeError.Malformed("AS4_PATH: " + error);
        }

        // RFC 6793 §6: confederation segments MUST be discarded from a received AS4_PATH.
        builder.As4Path = path.Segments.Any(s => s.IsConfederation)
            ? new AsPath(path.Segments.Where(s => !s.IsConfederation))
            : path;
        return AttributeError.None;
    }

    /// <summary>RFC 6793 §4.2.2: only towards a 2-octet peer and only if some ASN is not mappable.</summary>
    public static int GetValueLength(PathAttributes attributes, in EncodeContext context)
    {
        if (context.FourOctetAs || attributes.AsPath is not { } path || !AsPathAttribute.HasNonMappable(path))
        {
            return -1;
        }

        var length = AsPathAttribute.GetLength(path, AsPathAttribute.FourOctetAsn, excludeConfederation: true);
        return length == 0 ? -1 : length;
    }

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination) =>
        AsPathAttribute.Write(destination, attributes.AsPath!, AsPathAttribute.FourOctetAsn, excludeConfederation: true);
}
