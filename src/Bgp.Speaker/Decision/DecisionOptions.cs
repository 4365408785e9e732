namespace Bgp.Speaker.Decision;

/// <summary>
/// Knobs of the decision process (RFC 4271 §9.1.2.2 and the usual vendor options). Immutable; a
/// change takes a new <see cref="BestPathSelector"/> and a full re-selection.
/// </summary>
public sealed record DecisionOptions
{
    /// <summary>RFC 4271 §5.1.5 leaves the default to the operator; 100 is what BIRD, FRR and GoBGP use.</summary>
    public const uint DefaultLocalPreference = 100;

    /// <summary>ECMP width: the Linux kernel accepts many more, BIRD has no limit; 16 bounds the work per prefix.</summary>
    public const int DefaultMaxPaths = 16;

    public static DecisionOptions Default { get; } = new();

    /// <summary>Compare MED between paths from different neighbor ASes too (BIRD "med metric", Cisco "always-compare-med").</summary>
    public bool AlwaysCompareMed { get; init; }

    /// <summary>
    /// Pick the best of each neighbor-AS group first (MED decides inside the group), then compare
    /// the group winners: the result no longer depends on the order paths arrived in. On by
    /// default (FRR's default); with it off, paths are compared in arrival order, as RFC 4271 reads.
    /// </summary>
    public bool DeterministicMed { get; init; } = true;

    /// <summary>Treat a missing MED as the worst value (2^32 - 1) instead of 0 (RFC 4271 §9.1.2.2 c).</summary>
    public bool MissingMedWorst { get; init; }

    /// <summary>LOCAL_PREF for paths without one (eBGP-learned and local routes, RFC 4271 §5.1.5).</summary>
    public uint DefaultLocalPref { get; init; } = DefaultLocalPreference;

    /// <summary>Compute a multipath (ECMP) set for kernel export: Calico's kernel protocol has "merge paths on".</summary>
    public bool Multipath { get; init; } = true;

    /// <summary>At most this many paths in the multipath set, best first.</summary>
    public int MaxPaths { get; init; } = DefaultMaxPaths;
}
