using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Enhanced Route Refresh capability, code 70 (RFC 7313 §3.1): no value.
/// <code>
/// +------------------------------+
/// | Capability Code = 70         |
/// | Capability Length = 0        |
/// +------------------------------+
/// </code>
/// </summary>
public sealed record EnhancedRouteRefreshCapability : Capability
{
    public static readonly EnhancedRouteRefreshCapability Instance = new();

    public override CapabilityCode Code => CapabilityCode.EnhancedRouteRefresh;

    public override int ValueLength => 0;

    public override void WriteValue(Span<byte> destination)
    {
    }

    public override string ToString() => "EnhancedRouteRefresh";
}
