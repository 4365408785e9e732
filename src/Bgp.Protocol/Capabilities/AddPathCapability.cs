using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// ADD-PATH capability, code 69 (RFC 7911 §4), one 4-octet tuple per family:
/// <code>
/// +------------------------------------------------+
/// | Address Family Identifier (2 octets)           |
/// +------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet) |
/// +------------------------------------------------+
/// | Send/Receive (1 octet)                         |
/// +------------------------------------------------+
/// </code>
/// RFC 7911 §4 defines Send/Receive values 1 to 3 only; another value is kept as received
/// (negotiation only tests the Send and Receive bits), so decode-then-encode is lossless.
/// </summary>
public sealed record AddPathCapability(IReadOnlyList<AddPathFamily> Families) : Capability
{
    private const int TupleLength = 4;
    private const int SafiOffset = 2;
    private const int DirectionOffset = 3;

    public override CapabilityCode Code => CapabilityCode.AddPath;

    public override int ValueLength => TupleLength * Families.Count;

    /// <summary>The direction advertised for <paramref name="family"/>, or None.</summary>
    public AddPathDirection DirectionFor(AddressFamily family)
    {
        foreach (var entry in Families)
        {
            if (entry.Family == family)
            {
                return entry.Direction;
            }
        }

        return AddPathDirection.None;
    }

    public override void WriteValue(Span<byte> destination)
    {
        var offset = 0;
        foreach (var entry in Families)
        {
            var slot = destination.Slice(offset, TupleLength);
            BinaryPrimitives.WriteUInt16BigEndian(slot, (ushort)entry.Family.Afi);
            slot[SafiOffset] = (byte)entry.Family.Safi;
            slot[DirectionOffset] = (byte)entry.Direction;
            offset += TupleLength;
        }
    }

    internal static AddPathCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // RFC 7911 §4: the value is a sequence of whole 4-octet tuples.
        if (value.Length % TupleLength != 0)
        {
            throw Malformed(CapabilityCode.AddPath, value, $"length {value.Length} is not a multiple of {TupleLength}");
        }

        var families = new AddPathFamily[value.Length / TupleLength];
        for (var i = 0; i < families.Length; i++)
        {
            var slot = value.Slice(i * TupleLength, TupleLength);
            families[i] = new AddPathFamily(
                new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(slot), (Safi)slot[SafiOffset]),
                (AddPathDirection)slot[DirectionOffset]);
        }

        return new AddPathCapability(families);
    }

    public bool Equals(AddPathCapability? other) =>
        other is not null && ValueEquality.SequenceEqual(Families, other.Families);

    public override int GetHashCode() => ValueEquality.SequenceHash(Families);

    public override string ToString() => $"AddPath([{string.Join(", ", Families)}])";
}
