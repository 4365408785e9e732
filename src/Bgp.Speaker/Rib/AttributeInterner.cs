using System.Collections.Concurrent;
using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Rib;

/// <summary>
/// Stores each distinct attribute set once (style rule 3): a reflector with 1,000 clients that
/// reflects one set to all of them holds one <see cref="RouteAttributes"/>.
/// </summary>
/// <remarks>
/// <para><b>Release policy: reference counting</b>, not sweeping. Every owner holds one
/// reference; the last <see cref="RouteAttributes.Release"/> removes the set at once, so memory
/// follows the RIB without a periodic walk over a million paths. A set whose count reached zero
/// is never revived: <see cref="Intern"/> replaces it with a new instance.</para>
/// <para><b>Threading.</b> Safe for any number of threads: sessions may intern on their own
/// loops (the hashing and canonicalisation then stay off the routing task) and hand the result
/// to the single RIB writer.</para>
/// <para><b>Canonical form.</b> NLRI lists and MP_UNREACH_NLRI are per message, not per route:
/// they are stripped before lookup (see <see cref="RouteAttributes"/>).</para>
/// </remarks>
public sealed class AttributeInterner
{
    private readonly ConcurrentDictionary<PathAttributes, RouteAttributes> _sets = new();

    /// <summary>Distinct sets currently interned.</summary>
    public int Count => _sets.Count;

    /// <summary>
    /// The interned set equal to <paramref name="attributes"/> in canonical form for
    /// <paramref name="carrier"/>. The caller owns one reference and must
    /// <see cref="RouteAttributes.Release"/> it when done (typically after handing the set to
    /// <see cref="LocRib.Update"/>, which takes its own).
    /// </summary>
    public RouteAttributes Intern(PathAttributes attributes, NlriCarrier carrier)
    {
        var canonical = Canonicalize(attributes, carrier);
        while (true)
        {
            if (_sets.TryGetValue(canonical, out var existing))
            {
                if (existing.TryAddRef())
                {
                    return existing;
                }

                // Released to zero by another thread but not yet removed: help remove it, retry.
                _sets.TryRemove(new KeyValuePair<PathAttributes, RouteAttributes>(canonical, existing));
                continue;
            }

            var created = new RouteAttributes(canonical, this);
            if (_sets.TryAdd(canonical, created))
            {
                return created;
            }
        }
    }

    /// <summary>
    /// The per-route part of <paramref name="attributes"/>: without MP_UNREACH_NLRI; for
    /// <see cref="NlriCarrier.NlriField"/> without MP_REACH_NLRI, for
    /// <see cref="NlriCarrier.MpReach"/> with MP_REACH_NLRI's NLRI emptied and without NEXT_HOP.
    /// Returns the same instance when it is already canonical.
    /// </summary>
    public static PathAttributes Canonicalize(PathAttributes attributes, NlriCarrier carrier)
    {
        var reach = attributes.MpReach;
        var canonicalReach = carrier == NlriCarrier.MpReach && reach is not null
            ? reach.Nlri.Count == 0 ? reach : reach.WithNlri([])
            : null;
        var nextHop = carrier == NlriCarrier.MpReach ? null : attributes.NextHop;
        if (attributes.MpUnreach is null && ReferenceEquals(reach, canonicalReach) && attributes.NextHop == nextHop)
        {
            return attributes;
        }

        return attributes with { NextHop = nextHop, MpReach = canonicalReach, MpUnreach = null };
    }

    internal void Remove(RouteAttributes set) =>
        _sets.TryRemove(new KeyValuePair<PathAttributes, RouteAttributes>(set.Attributes, set));
}
