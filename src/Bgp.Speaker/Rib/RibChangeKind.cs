namespace Bgp.Speaker.Rib;

/// <summary>What changed at a destination between two drains; a <see cref="RibChange"/> carries one or more.</summary>
[Flags]
public enum RibChangeKind : byte
{
    None = 0,

    /// <summary>The best path is another <see cref="RibPath"/> (new route, new attributes, withdrawal): re-advertise or withdraw.</summary>
    BestPath = 1,

    /// <summary>The multipath (ECMP) set changed: re-export to the kernel.</summary>
    Multipath = 2,

    /// <summary>
    /// Some path was added, replaced or removed, or became long-lived stale, best or not: what an
    /// ADD-PATH sender of all paths (RFC 7911) must look at.
    /// </summary>
    Paths = 4,
}
