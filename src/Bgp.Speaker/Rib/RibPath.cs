namespace Bgp.Speaker.Rib;

/// <summary>
/// One route of one destination from one source: the unit the decision process ranks. The prefix is
/// not stored (its <see cref="Destination"/> holds it); the attributes are an interned set.
/// </summary>
/// <remarks>
/// <para><b>Size.</b> 40 bytes on x64 (object header 16, two references, the ADD-PATH id, the
/// flags); a RIB of 1M paths from 10 peers costs about 60 bytes per path with the destination, its
/// path array and the table entry (bench/Bgp.Benchmarks/RibMemory.cs measures it).</para>
/// <para><b>Immutability.</b> <see cref="Source"/>, <see cref="Attributes"/> and
/// <see cref="PathId"/> never change: a new announcement of the same (source, path id) is a new
/// <see cref="RibPath"/>, so a consumer holding the old best still reads what was advertised.
/// <see cref="Flags"/> change in place on the RIB's writer task.</para>
/// </remarks>
public sealed class RibPath
{
    private RibPathFlags _flags;

    internal RibPath(RouteSource source, RouteAttributes attributes, uint pathId)
    {
        Source = source;
        Attributes = attributes;
        PathId = pathId;
    }

    public RouteSource Source { get; }

    public RouteAttributes Attributes { get; }

    /// <summary>The path identifier the peer sent with ADD-PATH (RFC 7911 §3); 0 without it.</summary>
    public uint PathId { get; }

    public RibPathFlags Flags => _flags;

    public bool IsStale => (_flags & RibPathFlags.Stale) != 0;

    /// <summary>Long-lived stale: marked so by us (RFC 9494 §4.2) or received with LLGR_STALE (§4.5).</summary>
    public bool IsLlgrStale => (_flags & RibPathFlags.LlgrStale) != 0 || Attributes.HasLlgrStaleCommunity;

    public bool IsBest => (_flags & RibPathFlags.Best) != 0;

    public bool IsMultipath => (_flags & RibPathFlags.Multipath) != 0;

    internal void Set(RibPathFlags flags) => _flags |= flags;

    internal void Clear(RibPathFlags flags) => _flags &= ~flags;

    /// <summary>A path for tests and tools that compare paths outside a RIB.</summary>
    public static RibPath Create(RouteSource source, RouteAttributes attributes, uint pathId = 0) =>
        new(source, attributes, pathId);

    public override string ToString() =>
        $"{Source.Name}{(PathId != 0 ? $" path-id {PathId}" : "")}: {Attributes}{(_flags != 0 ? $" [{_flags}]" : "")}";
}
