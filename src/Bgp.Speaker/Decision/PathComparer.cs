using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Decision;

/// <summary>
/// The RFC 4271 §9.1.2.2 tie-breakers, one method per rule (style rule 13). Every rule returns a
/// negative number when <c>a</c> is preferred, positive when <c>b</c> is, zero when it cannot tell
/// them apart; <see cref="Compare"/> applies them in order and names the one that decided.
/// </summary>
/// <remarks>
/// Every rule is a total preorder on a key of one path, except MED, which compares only paths from
/// the same neighbor AS unless <see cref="DecisionOptions.AlwaysCompareMed"/>. The final rules
/// (peer address, path id) make the order total for distinct (peer, path id), so
/// <see cref="Compare"/> is antisymmetric and, within one neighbor AS or with always-compare-med,
/// transitive. RFC 4271 §9.1.2.1 (unresolvable next hops are excluded) is the caller's: every path
/// in the RIB is treated as resolvable, there being no IGP.
/// </remarks>
public sealed class PathComparer
{
    private readonly uint _missingMed;

    public PathComparer(DecisionOptions options)
    {
        Options = options;
        _missingMed = options.MissingMedWorst ? uint.MaxValue : 0;
    }

    public DecisionOptions Options { get; }

    /// <summary>Applies the tie-breakers in order; the first that differs decides.</summary>
    public PathComparison Compare(RibPath a, RibPath b)
    {
        int result;
        if ((result = CompareLlgrStale(a, b)) != 0)
        {
            return new(result, BestPathReason.NotLlgrStale);
        }

        if ((result = CompareLocallyOriginated(a, b)) != 0)
        {
            return new(result, BestPathReason.LocallyOriginated);
        }

        if ((result = CompareLocalPref(a, b)) != 0)
        {
            return new(result, BestPathReason.LocalPref);
        }

        if ((result = CompareAsPathLength(a, b)) != 0)
        {
            return new(result, BestPathReason.AsPathLength);
        }

        if ((result = CompareOrigin(a, b)) != 0)
        {
            return new(result, BestPathReason.Origin);
        }

        if ((result = CompareMed(a, b)) != 0)
        {
            return new(result, BestPathReason.Med);
        }

        if ((result = CompareExternal(a, b)) != 0)
        {
            return new(result, BestPathReason.ExternalOverInternal);
        }

        if ((result = CompareIgpCost(a, b)) != 0)
        {
            return new(result, BestPathReason.IgpCost);
        }

        if ((result = CompareRouterId(a, b)) != 0)
        {
            return new(result, BestPathReason.RouterId);
        }

        if ((result = CompareClusterListLength(a, b)) != 0)
        {
            return new(result, BestPathReason.ClusterListLength);
        }

        if ((result = ComparePeerAddress(a, b)) != 0)
        {
            return new(result, BestPathReason.PeerAddress);
        }

        return (result = ComparePathId(a, b)) != 0
            ? new(result, BestPathReason.PathId)
            : new(0, BestPathReason.Identical);
    }

    /// <summary>
    /// Multipath equivalence, the rule BIRD's "merge paths" applies (bgp_rte_mergable): equal
    /// through the IGP-cost rule — same staleness, origination, LOCAL_PREF, AS_PATH length,
    /// ORIGIN, MED where it is compared, eBGP/iBGP — so only router id, CLUSTER_LIST, peer address
    /// or path id tell them apart.
    /// </summary>
    public bool IsMultipathEquivalent(RibPath a, RibPath b) => Compare(a, b).Reason > BestPathReason.IgpCost;

    /// <summary>RFC 9494 §4.5: "treated as the least-preferred"; a GR-stale path (RFC 4724) is not penalised.</summary>
    public static int CompareLlgrStale(RibPath a, RibPath b) => a.IsLlgrStale.CompareTo(b.IsLlgrStale);

    /// <summary>Locally originated first, as BIRD ranks its static routes above BGP by protocol preference.</summary>
    public static int CompareLocallyOriginated(RibPath a, RibPath b) => b.Source.IsLocal.CompareTo(a.Source.IsLocal);

    /// <summary>RFC 4271 §9.1.1: higher LOCAL_PREF wins; a path without one takes the configured default.</summary>
    public int CompareLocalPref(RibPath a, RibPath b) =>
        (b.Attributes.LocalPref ?? Options.DefaultLocalPref).CompareTo(a.Attributes.LocalPref ?? Options.DefaultLocalPref);

    /// <summary>RFC 4271 §9.1.2.2 a: fewer ASes wins; an AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3).</summary>
    public static int CompareAsPathLength(RibPath a, RibPath b) => a.Attributes.AsPathLength.CompareTo(b.Attributes.AsPathLength);

    /// <summary>RFC 4271 §9.1.2.2 b: IGP &lt; EGP &lt; INCOMPLETE.</summary>
    public static int CompareOrigin(RibPath a, RibPath b) => ((byte)a.Attributes.Origin).CompareTo((byte)b.Attributes.Origin);

    /// <summary>
    /// RFC 4271 §9.1.2.2 c: lower MED wins, compared only between paths from the same neighbor AS
    /// unless always-compare-med; a missing MED is 0, or the worst value if configured.
    /// </summary>
    public int CompareMed(RibPath a, RibPath b)
    {
        if (!Options.AlwaysCompareMed && a.Attributes.NeighborAs != b.Attributes.NeighborAs)
        {
            return 0;
        }

        return (a.Attributes.MultiExitDisc ?? _missingMed).CompareTo(b.Attributes.MultiExitDisc ?? _missingMed);
    }

    /// <summary>RFC 4271 §9.1.2.2 d: eBGP-learned over iBGP-learned.</summary>
    public static int CompareExternal(RibPath a, RibPath b) => b.Source.IsExternal.CompareTo(a.Source.IsExternal);

    /// <summary>
    /// RFC 4271 §9.1.2.2 e: lower interior cost to the next hop. This speaker runs no IGP and
    /// Calico's next hops are directly reachable, so every cost is equal; the rule stays so the
    /// order, and the multipath rule, read like the RFC.
    /// </summary>
    public static int CompareIgpCost(RibPath a, RibPath b)
    {
        _ = a;
        _ = b;
        return 0;
    }

    /// <summary>RFC 4271 §9.1.2.2 f: lower BGP Identifier; RFC 4456 §9: ORIGINATOR_ID stands in for it when present.</summary>
    public static int CompareRouterId(RibPath a, RibPath b) =>
        (a.Attributes.OriginatorId ?? a.Source.RouterId).CompareTo(b.Attributes.OriginatorId ?? b.Source.RouterId);

    /// <summary>RFC 4456 §9: shorter CLUSTER_LIST wins.</summary>
    public static int CompareClusterListLength(RibPath a, RibPath b) =>
        a.Attributes.ClusterListLength.CompareTo(b.Attributes.ClusterListLength);

    /// <summary>RFC 4271 §9.1.2.2 g: lower peer address (IPv4 before IPv6).</summary>
    public static int ComparePeerAddress(RibPath a, RibPath b)
    {
        var byFamily = a.Source.AddressIsIpv6.CompareTo(b.Source.AddressIsIpv6);
        return byFamily != 0 ? byFamily : a.Source.AddressKey.CompareTo(b.Source.AddressKey);
    }

    /// <summary>Paths of one peer under ADD-PATH (RFC 7911): lower path identifier, so no two distinct paths tie.</summary>
    public static int ComparePathId(RibPath a, RibPath b) => a.PathId.CompareTo(b.PathId);
}
