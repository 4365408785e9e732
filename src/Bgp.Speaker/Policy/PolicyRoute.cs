using Bgp.Protocol.Attributes;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Policy;

/// <summary>
/// The immutable input of a policy evaluation: one prefix with its attributes and where it came
/// from. Independent of the RIB's types, so import, export and kernel code can all build one
/// on the stack; pass it with <c>in</c>.
/// </summary>
public readonly struct PolicyRoute
{
    public PolicyRoute(IpPrefix prefix, PathAttributes attributes)
    {
        Prefix = prefix;
        Attributes = attributes;
        NextHop = attributes.NextHop is { } v4 ? MpNextHop.Ipv4(v4)
            : attributes.MpReach is { } reach ? reach.NextHop
            : null;
    }

    public IpPrefix Prefix { get; init; }

    public PathAttributes Attributes { get; init; }

    /// <summary>The route's next hop; by default NEXT_HOP, else MP_REACH_NLRI's next hop.</summary>
    public MpNextHop? NextHop { get; init; }

    public RouteSourceKind Source { get; init; }

    /// <summary>The configured name of the BGP peer the route was learned from; null for other sources.</summary>
    public string? FromPeer { get; init; }

    /// <summary>iBGP or eBGP: the session this policy runs for (import: the sender; export: the receiver).</summary>
    public SessionType Session { get; init; }

    /// <summary>The kernel route's output interface (Felix's <c>cali*</c>, <c>tunl0</c>, ...), when known.</summary>
    public string? Interface { get; init; }

    /// <summary>Our AS on this session, for <c>prependAs</c> with <c>"asn": "local"</c>; 0 when unknown.</summary>
    public uint LocalAs { get; init; }
}
