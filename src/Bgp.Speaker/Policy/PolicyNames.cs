using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Policy;

/// <summary>The words the configuration file uses in the <c>policies</c> section.</summary>
internal static class PolicyNames
{
    public static readonly IReadOnlyDictionary<string, PolicyDecision> Decisions = new Dictionary<string, PolicyDecision>(StringComparer.Ordinal)
    {
        ["accept"] = PolicyDecision.Accept,
        ["reject"] = PolicyDecision.Reject,
        ["next"] = PolicyDecision.Next,
    };

    public static readonly IReadOnlyDictionary<string, SessionType> SessionTypes = new Dictionary<string, SessionType>(StringComparer.OrdinalIgnoreCase)
    {
        ["ibgp"] = SessionType.Internal,
        ["ebgp"] = SessionType.External,
    };

    public static readonly IReadOnlyDictionary<string, RouteSourceKind> Sources = new Dictionary<string, RouteSourceKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["bgp"] = RouteSourceKind.Bgp,
        ["remote-peers"] = RouteSourceKind.Bgp,
        ["RemotePeers"] = RouteSourceKind.Bgp,
        ["local"] = RouteSourceKind.Local,
        ["kernel"] = RouteSourceKind.Kernel,
    };

    public static readonly IReadOnlyDictionary<string, Afi> Families = new Dictionary<string, Afi>(StringComparer.OrdinalIgnoreCase)
    {
        ["ipv4"] = Afi.Ipv4,
        ["ipv6"] = Afi.Ipv6,
    };

    /// <summary>RFC 1997 §"Well-known Communities", RFC 7999 (blackhole), RFC 8326, RFC 9494, RFC 3765.</summary>
    public static readonly IReadOnlyDictionary<string, WellKnownCommunity> WellKnownCommunities = new Dictionary<string, WellKnownCommunity>(StringComparer.OrdinalIgnoreCase)
    {
        ["no-export"] = WellKnownCommunity.NoExport,
        ["no-advertise"] = WellKnownCommunity.NoAdvertise,
        ["no-export-subconfed"] = WellKnownCommunity.NoExportSubconfed,
        ["no-peer"] = WellKnownCommunity.NoPeer,
        ["blackhole"] = WellKnownCommunity.Blackhole,
        ["graceful-shutdown"] = WellKnownCommunity.GracefulShutdown,
        ["accept-own"] = WellKnownCommunity.AcceptOwn,
        ["llgr-stale"] = WellKnownCommunity.LlgrStale,
        ["no-llgr"] = WellKnownCommunity.NoLlgr,
    };

    public static string Name(PolicyDecision decision) => decision switch
    {
        PolicyDecision.Accept => "accept",
        PolicyDecision.Reject => "reject",
        _ => "next",
    };

    public static string Name(SessionType type) => type == SessionType.Internal ? "ibgp" : "ebgp";

    public static string Name(RouteSourceKind source) => source switch
    {
        RouteSourceKind.Bgp => "bgp",
        RouteSourceKind.Local => "local",
        _ => "kernel",
    };
}
