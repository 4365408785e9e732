using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Extended Message capability, code 6 (RFC 8654 §3): no value; both sides must advertise it before messages may exceed 4096 octets.
/// <code>
/// +------------------------------+
/// | Capability Code = 6          |
/// | Capability Length = 0        |
/// +------------------------------+
/// </code>
/// </summary>
public sealed record ExtendedMessageCapability : Capability
{
    public static readonly ExtendedMessageCapability Instance = new();

    public override CapabilityCode Code => CapabilityCode.ExtendedMessage;

    public override int ValueLength => 0;

    public override void WriteValue(Span<byte> destination)
    {
    }

    public override string ToString() => "ExtendedMessage";
}
