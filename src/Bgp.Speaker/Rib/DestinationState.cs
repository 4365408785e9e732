namespace Bgp.Speaker.Rib;

/// <summary>What happened to a destination since the last drain (internal bookkeeping of <see cref="LocRib"/>).</summary>
[Flags]
internal enum DestinationState : byte
{
    None = 0,

    /// <summary>Queued for selection at the next drain.</summary>
    Queued = 1,

    /// <summary>A path was added, replaced, removed or changed staleness.</summary>
    PathsChanged = 2,

    /// <summary>A path that was in the multipath set left the destination.</summary>
    MultipathMemberRemoved = 4,

    /// <summary>The published best path itself changed long-lived staleness (RFC 9494): re-advertise it.</summary>
    BestStateChanged = 8,
}
