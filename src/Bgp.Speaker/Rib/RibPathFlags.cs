namespace Bgp.Speaker.Rib;

/// <summary>The mutable state of a <see cref="RibPath"/>, one bit each.</summary>
[Flags]
public enum RibPathFlags : byte
{
    None = 0,

    /// <summary>Kept through a peer's graceful restart (RFC 4724 §4.2), awaiting refresh or End-of-RIB.</summary>
    Stale = 1,

    /// <summary>Kept long-lived stale (RFC 9494 §4.2) after the restart time ran out: least preferred.</summary>
    LlgrStale = 2,

    /// <summary>The destination's best path as of the last <see cref="LocRib.DrainChanges"/>.</summary>
    Best = 4,

    /// <summary>In the destination's multipath (ECMP) set as of the last drain; the best path is always in it.</summary>
    Multipath = 8,
}
