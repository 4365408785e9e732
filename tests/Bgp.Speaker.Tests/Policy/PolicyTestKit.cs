using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>Policies written in the configuration file's syntax, and sample routes to run them on.</summary>
internal static class PolicyTestKit
{
    public const string File = "bgpd.json";

    /// <summary>A whole configuration: one iBGP and one eBGP peer, the given sections.</summary>
    public static SpeakerOptions Config(string policies, string prefixSets = "{}", string peerExtra = "") =>
        ConfigLoader.Parse($$"""
            {
              "localAs": 64512, "routerId": "192.0.2.1",
              "prefixSets": {{prefixSets}},
              "policies": {{policies}},
              "peers": [ { "name": "rr", "address": "192.0.2.2", "remoteAs": 64512 {{peerExtra}} } ]
            }
            """, File);

    public static PolicySet Policies(string policies, string prefixSets = "{}") => Config(policies, prefixSets).Policies;

    /// <summary>The chain of the named policies from a "policies" object.</summary>
    public static PolicyChain Chain(string policies, params string[] names) => Policies(policies).Chain(names);

    /// <summary>One policy written as its rules array, with a default.</summary>
    public static PolicyChain Rules(string rules, string @default = "reject") =>
        Chain($$"""{ "p": { "default": "{{@default}}", "rules": {{rules}} } }""", "p");

    /// <summary>A BGP route from peer "tor" over eBGP with a small AS path and the given extras.</summary>
    public static PolicyRoute Route(
        string prefix,
        uint[]? asPath = null,
        uint[]? communities = null,
        LargeCommunity[]? large = null,
        ulong[]? extended = null,
        uint? localPref = null,
        uint? med = null,
        string nextHop = "192.0.2.254",
        RouteSourceKind source = RouteSourceKind.Bgp,
        SessionType session = SessionType.External,
        string? fromPeer = "tor",
        string? iface = null)
    {
        IpPrefix net = IpPrefix.Parse(prefix);
        var hop = MpNextHop.FromIPAddress(IPAddress.Parse(nextHop));
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.FromSequence(asPath ?? [65000]),
            NextHop = net.Afi == Afi.Ipv4 && !hop.IsIpv6 ? (uint)hop.Global : null,
            Communities = communities ?? [],
            LargeCommunities = large ?? [],
            ExtendedCommunities = extended ?? [],
            LocalPref = localPref,
            MultiExitDisc = med,
        };
        return new PolicyRoute(net, attributes)
        {
            NextHop = hop,
            Source = source,
            Session = session,
            FromPeer = source == RouteSourceKind.Bgp ? fromPeer : null,
            Interface = iface,
            LocalAs = 64512,
        };
    }

    public static PolicyRoute Kernel(string prefix, string iface, SessionType session = SessionType.Internal) =>
        Route(prefix, asPath: [], source: RouteSourceKind.Kernel, session: session, iface: iface);

    public static PolicyRoute Local(string prefix, SessionType session = SessionType.Internal) =>
        Route(prefix, asPath: [], source: RouteSourceKind.Local, session: session);

    public static uint Community(ushort high, ushort low) => ((uint)high << 16) | low;
}
