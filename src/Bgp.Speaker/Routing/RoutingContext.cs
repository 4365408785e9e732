using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>What every update group of one engine shares: the Loc-RIB, the interner, the ADD-PATH ids.</summary>
internal sealed class RoutingContext(LocRib locRib, AttributeInterner interner)
{
    public LocRib LocRib { get; } = locRib;

    public AttributeInterner Interner { get; } = interner;

    public PathIdAllocator PathIds { get; } = new();
}
