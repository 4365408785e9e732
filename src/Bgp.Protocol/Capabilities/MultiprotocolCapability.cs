using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Multiprotocol Extensions capability, code 1 (RFC 4760 §8):
/// <code>
///  0       7      15      23      31
/// +-------+-------+-------+-------+
/// |      AFI      | Res.  | SAFI  |
/// +-------+-------+-------+-------+
/// </code>
/// One instance per address family; the reserved octet is sent as 0 and ignored on receipt.
/// </summary>
public sealed record MultiprotocolCapability(AddressFamily Family) : Capability
{
    /// <summary>RFC 4760 §8: AFI (2), reserved (1), SAFI (1).</summary>
    public const int Length = 4;

    private const int SafiOffset = 3;

    public override CapabilityCode Code => CapabilityCode.Multiprotocol;

    public override int ValueLength => Length;

    public override void WriteValue(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)Family.Afi);
        destination[sizeof(ushort)] = 0;
        destination[SafiOffset] = (byte)Family.Safi;
    }

    internal static MultiprotocolCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // RFC 4760 §8: the value is exactly AFI, reserved and SAFI.
        if (value.Length != Length)
        {
            throw Malformed(CapabilityCode.Multiprotocol, value, $"length {value.Length}, expected {Length}");
        }

        return new MultiprotocolCapability(new AddressFamily(
            (Afi)BinaryPrimitives.ReadUInt16BigEndian(value), (Safi)value[SafiOffset]));
    }

    public override string ToString() => $"Multiprotocol({Family})";
}
