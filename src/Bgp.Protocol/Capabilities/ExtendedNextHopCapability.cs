using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Extended Next Hop Encoding capability, code 5 (RFC 8950 §4, formerly RFC 5549), one 6-octet tuple each:
/// <code>
/// +-----------------------------------------------------+
/// | NLRI AFI - 1 (2 octets)                             |
/// +-----------------------------------------------------+
/// | NLRI SAFI - 1 (2 octets)                            |
/// +-----------------------------------------------------+
/// | Nexthop AFI - 1 (2 octets)                          |
/// +-----------------------------------------------------+
/// | ....                                                |
/// +-----------------------------------------------------+
/// </code>
/// The NLRI SAFI field is 2 octets here although a SAFI is one octet (RFC 4760 §3); a tuple whose
/// SAFI does not fit in one octet names no SAFI that can exist, so it is skipped as not understood
/// (in the spirit of RFC 5492 §3) rather than failing the session.
/// </summary>
public sealed record ExtendedNextHopCapability(IReadOnlyList<ExtendedNextHopEntry> Entries) : Capability
{
    private const int TupleLength = 6;
    private const int SafiOffset = 2;
    private const int NextHopAfiOffset = 4;

    public override CapabilityCode Code => CapabilityCode.ExtendedNextHop;

    public override int ValueLength => TupleLength * Entries.Count;

    public override void WriteValue(Span<byte> destination)
    {
        var offset = 0;
        foreach (var entry in Entries)
        {
            var slot = destination.Slice(offset, TupleLength);
            BinaryPrimitives.WriteUInt16BigEndian(slot, (ushort)entry.Nlri.Afi);
            BinaryPrimitives.WriteUInt16BigEndian(slot[SafiOffset..], (ushort)entry.Nlri.Safi);
            BinaryPrimitives.WriteUInt16BigEndian(slot[NextHopAfiOffset..], (ushort)entry.NextHopAfi);
            offset += TupleLength;
        }
    }

    internal static ExtendedNextHopCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // RFC 8950 §4: the value is a sequence of whole 6-octet tuples.
        if (value.Length % TupleLength != 0)
        {
            throw Malformed(CapabilityCode.ExtendedNextHop, value, $"length {value.Length} is not a multiple of {TupleLength}");
        }

        var entries = new List<ExtendedNextHopEntry>(value.Length / TupleLength);
        for (var offset = 0; offset < value.Length; offset += TupleLength)
        {
            var slot = value.Slice(offset, TupleLength);
            var safi = BinaryPrimitives.ReadUInt16BigEndian(slot[SafiOffset..]);
            if (safi > byte.MaxValue)
            {
                continue;
            }

            entries.Add(new ExtendedNextHopEntry(
                new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(slot), (Safi)safi),
                (Afi)BinaryPrimitives.ReadUInt16BigEndian(slot[NextHopAfiOffset..])));
        }

        return new ExtendedNextHopCapability(entries);
    }

    public bool Equals(ExtendedNextHopCapability? other) =>
        other is not null && ValueEquality.SequenceEqual(Entries, other.Entries);

    public override int GetHashCode() => ValueEquality.SequenceHash(Entries);

    public override string ToString() => $"ExtendedNextHop([{string.Join(", ", Entries)}])";
}
