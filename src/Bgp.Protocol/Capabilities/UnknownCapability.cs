using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// A capability this speaker does not implement, kept as its raw value. RFC 5492 §5 lets a speaker
/// ignore capabilities it does not understand; keeping the bytes lets logs and tests see them.
/// </summary>
public sealed record UnknownCapability(byte RawCode, ReadOnlyMemory<byte> Value) : Capability
{
    public override CapabilityCode Code => (CapabilityCode)RawCode;

    public override int ValueLength => Value.Length;

    public override void WriteValue(Span<byte> destination) => Value.Span.CopyTo(destination);

    public bool Equals(UnknownCapability? other) =>
        other is not null && RawCode == other.RawCode && Value.Span.SequenceEqual(other.Value.Span);

    public override int GetHashCode() => HashCode.Combine(RawCode, ValueEquality.BytesHash(Value.Span));

    public override string ToString() => $"Unknown(code={RawCode}, value={Convert.ToHexString(Value.Span)})";
}
