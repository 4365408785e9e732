using Bgp.Protocol.Nlri;
using Bgp.Speaker.Decision;

namespace Bgp.Speaker.Rib;

/// <summary>
/// One destination's net change since the previous <see cref="LocRib.DrainChanges"/>: flaps inside
/// one batch collapse (an announce then withdraw of a new prefix yields nothing).
/// </summary>
/// <param name="Destination">The destination now; if it has no path left it was already removed from the table.</param>
/// <param name="OldBest">The best path published at the previous drain (possibly since removed or replaced); null if none.</param>
/// <param name="NewBest">The best path now; null when the destination has no path (withdraw).</param>
/// <param name="Kind">What changed.</param>
/// <param name="Reason">Why <paramref name="NewBest"/> won (<see cref="BestPathReason.OnlyPath"/> for a single path).</param>
public readonly record struct RibChange(
    Destination Destination,
    RibPath? OldBest,
    RibPath? NewBest,
    RibChangeKind Kind,
    BestPathReason Reason)
{
    public IpPrefix Prefix => Destination.Prefix;

    public bool BestChanged => (Kind & RibChangeKind.BestPath) != 0;

    public bool MultipathChanged => (Kind & RibChangeKind.Multipath) != 0;

    public bool PathsChanged => (Kind & RibChangeKind.Paths) != 0;

    public override string ToString() =>
        $"{Prefix}: {Kind} best {OldBest?.Source.Name ?? "-"} -> {NewBest?.Source.Name ?? "-"} ({Reason})";
}
