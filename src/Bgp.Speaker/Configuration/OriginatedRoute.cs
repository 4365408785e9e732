using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// A route this speaker originates (the <c>originate</c> section, or added at runtime through the
/// routing engine, as Calico's node mode will add kernel routes). It enters the Loc-RIB from the
/// local source and is exported through each peer's export policy like any other route.
/// </summary>
public sealed record OriginatedRoute
{
    public required IpPrefix Prefix { get; init; }

    /// <summary>The next hop; null means "self": each peer gets our address on its session.</summary>
    public IPAddress? NextHop { get; init; }

    public Origin Origin { get; init; } = Origin.Igp;

    public uint? MultiExitDisc { get; init; }

    public uint? LocalPref { get; init; }

    /// <summary>RFC 1997 communities as 32-bit values (high 16 bits the AS).</summary>
    public IReadOnlyList<uint> Communities { get; init; } = [];

    public IReadOnlyList<LargeCommunity> LargeCommunities { get; init; } = [];

    public bool Equals(OriginatedRoute? other) =>
        other is not null && Prefix == other.Prefix && Equals(NextHop, other.NextHop) && Origin == other.Origin &&
        MultiExitDisc == other.MultiExitDisc && LocalPref == other.LocalPref &&
        Communities.SequenceEqual(other.Communities) && LargeCommunities.SequenceEqual(other.LargeCommunities);

    public override int GetHashCode() => HashCode.Combine(Prefix, NextHop, Origin, MultiExitDisc, LocalPref);
}
