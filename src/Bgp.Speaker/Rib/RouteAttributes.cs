using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Rib;

/// <summary>
/// One interned attribute set: the canonical <see cref="PathAttributes"/> of a route (no NLRI, no
/// MP_UNREACH_NLRI), its next hop, and the values the decision process reads on every compare,
/// computed once. Created only by <see cref="AttributeInterner"/>; two routes with equal attributes
/// share one instance, so reference equality is value equality while the set is interned.
/// </summary>
/// <remarks>
/// <para><b>Canonical form.</b> For <see cref="NlriCarrier.NlriField"/> routes the set keeps
/// NEXT_HOP and has no MP attributes. For <see cref="NlriCarrier.MpReach"/> routes it keeps an
/// MP_REACH_NLRI with the family and next hop and an empty NLRI list, and drops NEXT_HOP. So an
/// IPv6 next hop (with its link-local, RFC 2545) is part of the interned set, and
/// <see cref="NextHop"/> reads it uniformly.</para>
/// <para><b>Lifetime.</b> Reference counted: every holder (a RIB path, a pre-policy entry, an
/// Adj-RIB-Out entry, a caller between <see cref="AttributeInterner.Intern"/> and the end of its
/// batch) owns one reference, taken with <see cref="AddRef"/> and given back with
/// <see cref="Release"/>. When the count reaches zero the set leaves the interner; the object stays
/// readable (the GC owns memory), but an equal set interned later is a new instance.</para>
/// </remarks>
public sealed class RouteAttributes
{
    private readonly AttributeInterner? _owner;
    private int _references;

    internal RouteAttributes(PathAttributes attributes, AttributeInterner? owner)
    {
        Attributes = attributes;
        _owner = owner;
        _references = 1;
        NextHop = attributes.MpReach is { } reach ? reach.NextHop
            : attributes.NextHop is { } ipv4 ? MpNextHop.Ipv4(ipv4) : default;
        HasNextHop = attributes.MpReach is not null || attributes.NextHop is not null;
        Origin = attributes.Origin ?? Origin.Incomplete;
        AsPathLength = attributes.AsPath?.PathLength ?? 0;
        NeighborAs = attributes.AsPath?.FirstAs ?? 0;
        LocalPref = attributes.LocalPref;
        MultiExitDisc = attributes.MultiExitDisc;
        OriginatorId = attributes.OriginatorId;
        ClusterListLength = attributes.ClusterList.Count;
        foreach (var community in attributes.Communities)
        {
            HasLlgrStaleCommunity |= community == (uint)WellKnownCommunity.LlgrStale;
            HasNoLlgrCommunity |= community == (uint)WellKnownCommunity.NoLlgr;
        }
    }

    /// <summary>The canonical attribute set (see remarks).</summary>
    public PathAttributes Attributes { get; }

    /// <summary>NEXT_HOP, or MP_REACH_NLRI's next hop; default when <see cref="HasNextHop"/> is false.</summary>
    public MpNextHop NextHop { get; }

    public bool HasNextHop { get; }

    /// <summary>ORIGIN; a set without one (only a local route can lack it) counts as INCOMPLETE.</summary>
    public Origin Origin { get; }

    /// <summary>AS_PATH length for RFC 4271 §9.1.2.2 a (AS_SET 1, confederation segments 0, RFC 5065 §5.3).</summary>
    public int AsPathLength { get; }

    /// <summary>
    /// The neighbor AS for the MED rule (RFC 4271 §9.1.2.2 c): the first AS of the first AS_SEQUENCE,
    /// confederation segments skipped; 0 for an empty path (a route of our own AS).
    /// </summary>
    public uint NeighborAs { get; }

    /// <summary>LOCAL_PREF as received or set by policy; null means the configured default applies.</summary>
    public uint? LocalPref { get; }

    public uint? MultiExitDisc { get; }

    public uint? OriginatorId { get; }

    public int ClusterListLength { get; }

    /// <summary>The set carries LLGR_STALE (RFC 9494 §4.5): least preferred wherever it is seen.</summary>
    public bool HasLlgrStaleCommunity { get; }

    /// <summary>The set carries NO_LLGR (RFC 9494 §4.2): dropped rather than kept long-lived stale.</summary>
    public bool HasNoLlgrCommunity { get; }

    /// <summary>Current number of owners; 0 once released from the interner.</summary>
    public int ReferenceCount => Volatile.Read(ref _references);

    /// <summary>True while the set is interned (some owner holds it).</summary>
    public bool IsLive => ReferenceCount > 0;

    /// <summary>Takes one more reference; throws when the set was already released to zero.</summary>
    public RouteAttributes AddRef()
    {
        if (!TryAddRef())
        {
            throw new InvalidOperationException("The attribute set was released; intern it again.");
        }

        return this;
    }

    /// <summary>Gives one reference back; the last one removes the set from its interner.</summary>
    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            _owner?.Remove(this);
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("RouteAttributes released more often than referenced.");
        }
    }

    /// <summary>Adds a reference unless the count already reached zero (then the set is dead for good).</summary>
    internal bool TryAddRef()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public override string ToString() => Attributes.ToString();
}
