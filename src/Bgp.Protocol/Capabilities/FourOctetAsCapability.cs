using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Support for 4-octet AS Number capability, code 65 (RFC 6793 §3):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 4-octet Autonomous System number              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public sealed record FourOctetAsCapability(uint As) : Capability
{
    /// <summary>RFC 6793 §3: "the Capability Length field of the Capability is set to 4".</summary>
    public const int Length = sizeof(uint);

    public override CapabilityCode Code => CapabilityCode.FourOctetAs;

    public override int ValueLength => Length;

    public override void WriteValue(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, As);

    internal static FourOctetAsCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // RFC 6793 §3: the length is 4. Any other length is "recognized, but malformed" (RFC 4271 §6.2).
        if (value.Length != Length)
        {
            throw Malformed(CapabilityCode.FourOctetAs, value, $"length {value.Length}, expected {Length}");
        }

        return new FourOctetAsCapability(BinaryPrimitives.ReadUInt32BigEndian(value));
    }

    public override string ToString() => $"FourOctetAs({As})";
}
