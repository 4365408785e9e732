using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// One path attribute as it sits on the wire, without copying (RFC 4271 §4.3):
/// <code>
///  0                   1
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Attr. Flags  |Attr. Type Code|
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Attr. Length (1 or 2 octets, 2 when Extended Length is set)  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Attribute Value (variable)    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct RawPathAttribute
{
    /// <summary>Flags, type and a 1-octet length.</summary>
    public const int ShortHeaderLength = 3;

    /// <summary>Flags, type and a 2-octet length (Extended Length bit set).</summary>
    public const int ExtendedHeaderLength = 4;

    public RawPathAttribute(PathAttributeFlags flags, byte typeCode, ReadOnlySpan<byte> value, ReadOnlySpan<byte> whole)
    {
        Flags = flags;
        TypeCode = typeCode;
        Value = value;
        Whole = whole;
    }

    public PathAttributeFlags Flags { get; }

    public byte TypeCode { get; }

    public PathAttributeType Type => (PathAttributeType)TypeCode;

    /// <summary>The attribute value, without the header.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>
    /// The whole attribute: RFC 4271 §4.3 calls flags + type code the 2-octet "attribute type", so
    /// this is the "(type, length, and value)" that RFC 4271 §6.3 puts in NOTIFICATION data.
    /// </summary>
    public ReadOnlySpan<byte> Whole { get; }

    public bool IsOptional => (Flags & PathAttributeFlags.Optional) != 0;

    public bool IsTransitive => (Flags & PathAttributeFlags.Transitive) != 0;

    /// <summary>The header length needed for a value of <paramref name="valueLength"/> octets.</summary>
    public static int HeaderLengthFor(int valueLength) =>
        valueLength > byte.MaxValue ? ExtendedHeaderLength : ShortHeaderLength;

    /// <summary>
    /// Writes the attribute header; the Extended Length bit is set only when the value needs it
    /// (RFC 4271 §4.3 allows either for short values; we encode canonically). Returns the header length.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, PathAttributeFlags flags, byte typeCode, int valueLength)
    {
        if (valueLength > byte.MaxValue)
        {
            destination[0] = (byte)(flags | PathAttributeFlags.ExtendedLength);
            destination[1] = typeCode;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)valueLength));
            return ExtendedHeaderLength;
        }

        destination[0] = (byte)(flags & ~PathAttributeFlags.ExtendedLength);
        destination[1] = typeCode;
        destination[2] = (byte)valueLength;
        return ShortHeaderLength;
    }

    /// <summary>
    /// Reads the attribute at the start of <paramref name="source"/>. False when fewer octets
    /// remain than the header or the value needs (the two RFC 7606 §4 cases).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out RawPathAttribute attribute, out int consumed)
    {
        if (source.Length < ShortHeaderLength)
        {
            attribute = default;
            consumed = 0;
            return false;
        }

        var flags = (PathAttributeFlags)source[0];
        int headerLength;
        int valueLength;
        if ((flags & PathAttributeFlags.ExtendedLength) != 0)
        {
            if (source.Length < ExtendedHeaderLength)
            {
                attribute = default;
                consumed = 0;
                return false;
            }

            headerLength = ExtendedHeaderLength;
            valueLength = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
        }
        else
        {
            headerLength = ShortHeaderLength;
            valueLength = source[2];
        }

        var total = headerLength + valueLength;
        if (total > source.Length)
        {
            attribute = default;
            consumed = 0;
            return false;
        }

        attribute = new RawPathAttribute(flags, source[1], source.Slice(headerLength, valueLength), source[..total]);
        consumed = total;
        return true;
    }
}
