using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Route Refresh capability, code 2 (RFC 2918 §2): no value.
/// <code>
/// +------------------------------+
/// | Capability Code = 2          |
/// | Capability Length = 0        |
/// +------------------------------+
/// </code>
/// </summary>
public sealed record RouteRefreshCapability : Capability
{
    public static readonly RouteRefreshCapability Instance = new();

    public override CapabilityCode Code => CapabilityCode.RouteRefresh;

    public override int ValueLength => 0;

    public override void WriteValue(Span<byte> destination)
    {
    }

    public override string ToString() => "RouteRefresh";
}
