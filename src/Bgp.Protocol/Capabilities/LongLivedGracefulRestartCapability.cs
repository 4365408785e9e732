using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Long-Lived Graceful Restart capability, code 71 (RFC 9494 §3), one 7-octet tuple per family:
/// <code>
/// +--------------------------------------------------+
/// | Address Family Identifier (16 bits)              |
/// +--------------------------------------------------+
/// | Subsequent Address Family Identifier (8 bits)    |
/// +--------------------------------------------------+
/// | Flags for Address Family (8 bits)                |
/// +--------------------------------------------------+
/// | Long-lived Stale Time (24 bits)                  |
/// +--------------------------------------------------+
/// | ...                                              |
/// +--------------------------------------------------+
///
/// Flags:  0 1 2 3 4 5 6 7
///        +-+-+-+-+-+-+-+-+
///        |F|   Reserved  |
///        +-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record LongLivedGracefulRestartCapability(IReadOnlyList<LongLivedGracefulRestartFamily> Families) : Capability
{
    private const int TupleLength = 7;
    private const int SafiOffset = 2;
    private const int FlagsOffset = 3;
    private const int StaleTimeOffset = 4;
    private const byte ForwardingStateBit = 0x80;
    private const int BitsPerByte = 8;

    public override CapabilityCode Code => CapabilityCode.LongLivedGracefulRestart;

    public override int ValueLength => TupleLength * Families.Count;

    public override void WriteValue(Span<byte> destination)
    {
        var offset = 0;
        foreach (var entry in Families)
        {
            var slot = destination.Slice(offset, TupleLength);
            BinaryPrimitives.WriteUInt16BigEndian(slot, (ushort)entry.Family.Afi);
            slot[SafiOffset] = (byte)entry.Family.Safi;
            slot[FlagsOffset] = entry.ForwardingState ? ForwardingStateBit : (byte)0;
            WriteUInt24BigEndian(slot[StaleTimeOffset..], entry.StaleTime);
            offset += TupleLength;
        }
    }

    internal static LongLivedGracefulRestartCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // RFC 9494 §3: the value is a sequence of whole 7-octet tuples.
        if (value.Length % TupleLength != 0)
        {
            throw Malformed(CapabilityCode.LongLivedGracefulRestart, value, $"length {value.Length} is not a multiple of {TupleLength}");
        }

        var families = new LongLivedGracefulRestartFamily[value.Length / TupleLength];
        for (var i = 0; i < families.Length; i++)
        {
            var slot = value.Slice(i * TupleLength, TupleLength);
            families[i] = new LongLivedGracefulRestartFamily(
                new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(slot), (Safi)slot[SafiOffset]),
                (slot[FlagsOffset] & ForwardingStateBit) != 0,
                ReadUInt24BigEndian(slot[StaleTimeOffset..]));
        }

        return new LongLivedGracefulRestartCapability(families);
    }

    public bool Equals(LongLivedGracefulRestartCapability? other) =>
        other is not null && ValueEquality.SequenceEqual(Families, other.Families);

    public override int GetHashCode() => ValueEquality.SequenceHash(Families);

    public override string ToString() => $"LongLivedGracefulRestart([{string.Join(", ", Families)}])";

    private static uint ReadUInt24BigEndian(ReadOnlySpan<byte> source) =>
        ((uint)source[0] << (2 * BitsPerByte)) | ((uint)source[1] << BitsPerByte) | source[2];

    private static void WriteUInt24BigEndian(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> (2 * BitsPerByte));
        destination[1] = (byte)(value >> BitsPerByte);
        destination[2] = (byte)value;
    }
}
