using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// An optional transitive attribute this speaker does not recognize, kept as bytes and passed on
/// with the Partial bit set (RFC 4271 §5: "the Partial bit in the attribute flags octet is set to 1,
/// and the attribute is retained for propagation to other BGP speakers").
/// </summary>
public sealed class UnknownAttribute : IEquatable<UnknownAttribute>
{
    private readonly byte[] _value;

    public UnknownAttribute(PathAttributeFlags flags, byte typeCode, ReadOnlySpan<byte> value)
    {
        // The Extended Length bit is an encoding detail; the writer picks it from the length.
        Flags = flags & ~PathAttributeFlags.ExtendedLength;
        TypeCode = typeCode;
        _value = value.ToArray();
    }

    public PathAttributeFlags Flags { get; }

    public byte TypeCode { get; }

    public ReadOnlyMemory<byte> Value => _value;

    internal ReadOnlySpan<byte> ValueSpan => _value;

    /// <summary>Keeps an unrecognized optional transitive attribute, marking it Partial (RFC 4271 §5).</summary>
    internal static UnknownAttribute FromReceived(in RawPathAttribute raw) =>
        new(raw.Flags | PathAttributeFlags.Partial, raw.TypeCode, raw.Value);

    internal int GetEncodedLength() => RawPathAttribute.HeaderLengthFor(_value.Length) + _value.Length;

    internal int Write(Span<byte> destination)
    {
        var header = RawPathAttribute.WriteHeader(destination, Flags, TypeCode, _value.Length);
        _value.CopyTo(destination[header..]);
        return header + _value.Length;
    }

    public bool Equals(UnknownAttribute? other) =>
        other is not null && Flags == other.Flags && TypeCode == other.TypeCode && _value.AsSpan().SequenceEqual(other._value);

    public override bool Equals(object? obj) => Equals(obj as UnknownAttribute);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Flags);
        hash.Add(TypeCode);
        hash.AddBytes(_value);
        return hash.ToHashCode();
    }

    public override string ToString() => $"attribute {TypeCode} flags 0x{(byte)Flags:x2} ({_value.Length} octets)";
}
