using Bgp.Protocol.Attributes;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Routing;

/// <summary>
/// One path of the Loc-RIB as of the moment it was read (for tests, the CLI and interop checks).
/// </summary>
/// <param name="Prefix">The destination.</param>
/// <param name="PathId">The ADD-PATH identifier the peer sent (RFC 7911 §3); 0 without ADD-PATH.</param>
/// <param name="Source">The configured peer name, or "local" for routes this speaker originates.</param>
/// <param name="Attributes">The attributes after import policy (canonical: an IPv6 route's next hop is in MP_REACH_NLRI).</param>
/// <param name="IsBest">The destination's best path (RFC 4271 §9.1.2).</param>
/// <param name="IsStale">Kept through the peer's graceful restart (RFC 4724 §4.2) or long-lived stale (RFC 9494).</param>
public sealed record RouteSnapshot(IpPrefix Prefix, uint PathId, string Source, PathAttributes Attributes, bool IsBest, bool IsStale)
{
    /// <summary>In the destination's multipath (ECMP) set.</summary>
    public bool IsMultipath { get; init; }

    /// <summary>Long-lived stale (RFC 9494 §4.2).</summary>
    public bool IsLlgrStale { get; init; }

    public override string ToString() =>
        $"{Prefix}{(PathId != 0 ? $" path-id {PathId}" : "")} from {Source}{(IsBest ? " best" : "")}{(IsStale ? " stale" : "")}: {Attributes}";
}
