using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Configuration;

/// <summary>The words the configuration file uses for families, capabilities, modes and ADD-PATH directions.</summary>
internal static class ConfigNames
{
    public static readonly IReadOnlyDictionary<string, AddressFamily> Families = new Dictionary<string, AddressFamily>
    {
        ["ipv4-unicast"] = AddressFamily.Ipv4Unicast,
        ["ipv6-unicast"] = AddressFamily.Ipv6Unicast,
    };

    public static readonly IReadOnlyDictionary<string, CapabilityCode> Capabilities = new Dictionary<string, CapabilityCode>
    {
        ["multiprotocol"] = CapabilityCode.Multiprotocol,
        ["route-refresh"] = CapabilityCode.RouteRefresh,
        ["extended-next-hop"] = CapabilityCode.ExtendedNextHop,
        ["extended-message"] = CapabilityCode.ExtendedMessage,
        ["graceful-restart"] = CapabilityCode.GracefulRestart,
        ["four-octet-as"] = CapabilityCode.FourOctetAs,
        ["add-path"] = CapabilityCode.AddPath,
        ["enhanced-route-refresh"] = CapabilityCode.EnhancedRouteRefresh,
        ["long-lived-graceful-restart"] = CapabilityCode.LongLivedGracefulRestart,
        ["fqdn"] = CapabilityCode.Fqdn,
    };

    public static readonly IReadOnlyDictionary<string, ConnectionMode> Modes = new Dictionary<string, ConnectionMode>
    {
        ["both"] = ConnectionMode.Both,
        ["active"] = ConnectionMode.Active,
        ["passive"] = ConnectionMode.Passive,
    };

    public static readonly IReadOnlyDictionary<string, AddPathDirection> AddPathDirections = new Dictionary<string, AddPathDirection>
    {
        ["send"] = AddPathDirection.Send,
        ["receive"] = AddPathDirection.Receive,
        ["both"] = AddPathDirection.Both,
    };

    public static string Name(AddressFamily family) => Families.First(pair => pair.Value == family).Key;

    public static string Name(ConnectionMode mode) => Modes.First(pair => pair.Value == mode).Key;
}
