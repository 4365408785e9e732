namespace Bgp.Speaker.Decision;

/// <summary>
/// Why one path beat another: the first tie-breaker that told them apart, in the order the
/// decision process applies them (the numeric order is that order).
/// </summary>
public enum BestPathReason : byte
{
    /// <summary>No comparison was needed: the destination has one path, or none.</summary>
    OnlyPath = 0,

    /// <summary>RFC 9494 §4.5: a long-lived stale path is less preferred than any other.</summary>
    NotLlgrStale = 1,

    /// <summary>A route this speaker originates beats a learned one (BIRD's protocol preference: static 200 over BGP 100).</summary>
    LocallyOriginated = 2,

    /// <summary>RFC 4271 §9.1.1: the highest degree of preference, LOCAL_PREF.</summary>
    LocalPref = 3,

    /// <summary>RFC 4271 §9.1.2.2 a: the shortest AS_PATH.</summary>
    AsPathLength = 4,

    /// <summary>RFC 4271 §9.1.2.2 b: the lowest ORIGIN.</summary>
    Origin = 5,

    /// <summary>RFC 4271 §9.1.2.2 c: the lowest MULTI_EXIT_DISC among paths from the same neighbor AS.</summary>
    Med = 6,

    /// <summary>RFC 4271 §9.1.2.2 d: a path learned over eBGP beats one learned over iBGP.</summary>
    ExternalOverInternal = 7,

    /// <summary>RFC 4271 §9.1.2.2 e: the lowest interior cost to the next hop (no IGP here: always equal).</summary>
    IgpCost = 8,

    /// <summary>RFC 4271 §9.1.2.2 f: the lowest BGP Identifier, or ORIGINATOR_ID when present (RFC 4456 §9).</summary>
    RouterId = 9,

    /// <summary>RFC 4456 §9: the shortest CLUSTER_LIST.</summary>
    ClusterListLength = 10,

    /// <summary>RFC 4271 §9.1.2.2 g: the lowest peer address.</summary>
    PeerAddress = 11,

    /// <summary>Two ADD-PATH paths of one peer (RFC 7911): the lower path identifier, so the order is total.</summary>
    PathId = 12,

    /// <summary>Every rule tied: the same path, or the same (peer, path id).</summary>
    Identical = 13,
}
