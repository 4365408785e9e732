using System.Net;

namespace Bgp.Testing;

/// <summary>
/// A route a reference daemon originates in a test: the prefix, an explicit next hop (kept on iBGP;
/// GoBGP refuses 127/8 next hops, so use TEST-NET 192.0.2.x / 2001:db8::x), and the attributes
/// each launcher sets in its own syntax (BIRD export filter, GoBGP CLI, FRR route-map).
/// </summary>
public sealed record DaemonRoute
{
    /// <summary>The prefix in CIDR form: "10.1.0.0/24" or "2001:db8:1::/48".</summary>
    public required string Prefix { get; init; }

    /// <summary>The next hop to announce; null lets the daemon choose (its own address, or its configured IPv6 next hop).</summary>
    public IPAddress? NextHop { get; init; }

    /// <summary>RFC 1997 communities as "ASN:VALUE".</summary>
    public IReadOnlyList<string> Communities { get; init; } = [];

    /// <summary>RFC 8092 large communities as "GLOBAL:LOCAL1:LOCAL2".</summary>
    public IReadOnlyList<string> LargeCommunities { get; init; } = [];

    public uint? Med { get; init; }

    /// <summary>LOCAL_PREF; only sent on iBGP.</summary>
    public uint? LocalPref { get; init; }

    /// <summary>AS numbers put in front of the path before the daemon adds its own AS (eBGP).</summary>
    public IReadOnlyList<uint> Prepend { get; init; } = [];

    public bool IsIpv6 => Prefix.Contains(':', StringComparison.Ordinal);

    /// <summary>The prefix's network address ("10.1.0.0").</summary>
    public string Network => Prefix[..Prefix.IndexOf('/', StringComparison.Ordinal)];
}
