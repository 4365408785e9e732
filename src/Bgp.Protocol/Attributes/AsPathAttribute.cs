using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// AS_PATH, type 2, well-known mandatory (RFC 4271 §4.3 b, §5.1.2; RFC 5065 §3; RFC 6793 §3):
/// a sequence of segments, AS numbers 2 octets on a 2-octet session and 4 once both sides are
/// 4-octet capable.
/// <code>
/// +-----------------+-----------------+---------------------------------+
/// | segment type(1) | segment length  | AS numbers (length x 2 or 4)    |  repeated
/// +-----------------+-----------------+---------------------------------+
/// </code>
/// RFC 7606 §7.2: an unrecognized segment type, an overrun, a one-octet underrun or a zero
/// segment length is treat-as-withdraw. Towards a 2-octet peer a 4-octet AS is written as
/// AS_TRANS and the real path goes in AS4_PATH (RFC 6793 §4.2.2).
/// </summary>
internal static class AsPathAttribute
{
    public const int SegmentHeaderLength = 2;
    public const int MaxSegmentAsns = byte.MaxValue;
    public const int TwoOctetAsn = sizeof(ushort);
    public const int FourOctetAsn = sizeof(uint);

    public static ushort ToTwoOctet(uint asn) => asn > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)asn;

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        var error = TryParse(value, context.FourOctetAs ? FourOctetAsn : TwoOctetAsn, out var path);
        if (error is not null)
        {
            return new AttributeError(null, UpdateMessageErrorSubcode.MalformedAsPath, "AS_PATH: " + error);
        }

        builder.AsPath = path;
        return AttributeError.None;
    }

    /// <summary>Parses segments of <paramref name="asnSize"/>-octet ASNs; returns an error text or null.</summary>
    public static string? TryParse(ReadOnlySpan<byte> value, int asnSize, out AsPath path)
    {
        path = AsPath.Empty;
        if (value.IsEmpty)
        {
            return null;
        }

        var segments = new List<AsPathSegment>();
        var offset = 0;
        while (offset < value.Length)
        {
            // RFC 7606 §7.2: a single remaining octet cannot hold a segment header.
            if (value.Length - offset < SegmentHeaderLength)
            {
                return "one octet left after the last segment";
            }

            var type = value[offset];

            // RFC 7606 §7.2: an unrecognized segment type makes the AS_PATH malformed.
            if (type < (byte)AsPathSegmentType.AsSet || type > (byte)AsPathSegmentType.AsConfedSet)
            {
                return $"unrecognized segment type {type}";
            }

            int count = value[offset + 1];

            // RFC 7606 §7.2: a Path Segment Length of zero is malformed.
            if (count == 0)
            {
                return "segment of length zero";
            }

            var end = offset + SegmentHeaderLength + (count * asnSize);

            // RFC 7606 §7.2: the last segment overruns the attribute.
            if (end > value.Length)
            {
                return $"segment of {count} ASNs overruns the attribute";
            }

            var asns = new uint[count];
            var data = value[(offset + SegmentHeaderLength)..end];
            for (var i = 0; i < count; i++)
            {
                asns[i] = asnSize == FourOctetAsn
                    ? BinaryPrimitives.ReadUInt32BigEndian(data[(i * FourOctetAsn)..])
                    : BinaryPrimitives.ReadUInt16BigEndian(data[(i * TwoOctetAsn)..]);
            }

            segments.Add(new AsPathSegment((AsPathSegmentType)type, asns, owned: true));
            offset = end;
        }

        path = new AsPath(segments.ToArray(), owned: true);
        return null;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) =>
        attributes.AsPath is null ? -1 : GetLength(attributes.AsPath, context.FourOctetAs ? FourOctetAsn : TwoOctetAsn, excludeConfederation: false);

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination) =>
        Write(destination, attributes.AsPath!, context.FourOctetAs ? FourOctetAsn : TwoOctetAsn, excludeConfederation: false);

    /// <summary>Encoded length; segments longer than 255 ASNs are split (the length field is one octet).</summary>
    public static int GetLength(AsPath path, int asnSize, bool excludeConfederation)
    {
        var length = 0;
        foreach (var segment in path.Segments)
        {
            if (excludeConfederation && segment.IsConfederation)
            {
                continue;
            }

            var count = segment.AsnSpan.Length;
            var pieces = (count + MaxSegmentAsns - 1) / MaxSegmentAsns;
            length += (pieces * SegmentHeaderLength) + (count * asnSize);
        }

        return length;
    }

    public static int Write(Span<byte> destination, AsPath path, int asnSize, bool excludeConfederation)
    {
        var offset = 0;
        foreach (var segment in path.Segments)
        {
            if (excludeConfederation && segment.IsConfederation)
            {
                continue;
            }

            var asns = segment.AsnSpan;
            while (!asns.IsEmpty)
            {
                var take = Math.Min(asns.Length, MaxSegmentAsns);
                destination[offset] = (byte)segment.Type;
                destination[offset + 1] = (byte)take;
                offset += SegmentHeaderLength;
                for (var i = 0; i < take; i++)
                {
                    if (asnSize == FourOctetAsn)
                    {
                        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], asns[i]);
                    }
                    else
                    {
                        // RFC 6793 §4.2.2: non-mappable ASNs are represented by AS_TRANS.
                        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], ToTwoOctet(asns[i]));
                    }

                    offset += asnSize;
                }

                asns = asns[take..];
            }
        }

        return offset;
    }

    /// <summary>True when some ASN does not fit 2 octets (RFC 6793 §4.2.2: AS4_PATH is then needed).</summary>
    public static bool HasNonMappable(AsPath path)
    {
        foreach (var segment in path.Segments)
        {
            foreach (var asn in segment.AsnSpan)
            {
                if (asn > ushort.MaxValue)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
