using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// What one update group advertised (RFC 4271 §3.2: the Adj-RIB-Out, after export policy and the
/// path rules): per prefix one route, or with ADD-PATH send (RFC 7911) a few, each keyed by the path
/// id we sent. Update generation diffs the wanted advertisement against it, so only real changes
/// are sent and a withdrawal is sent only for what was advertised.
/// </summary>
/// <remarks>
/// <para>Owns one reference per stored attribute set. Touched only by the routing task.</para>
/// <para><b>Memory.</b> Without ADD-PATH a prefix costs one slot of a <see cref="DestinationMap{TValue}"/>
/// keyed by the Loc-RIB's <see cref="Destination"/> (whose prefix is the key, so it is not stored
/// twice) holding the attributes and source references: 28 bytes a slot, about 32 bytes a prefix,
/// where a <c>Dictionary&lt;IpPrefix, OutRoute&gt;</c> took about 60 plus its growth (each update
/// group has one, so this is paid per group). A withdrawn prefix's destination may have left the
/// Loc-RIB: the entry keeps that object until the withdrawal is computed.</para>
/// </remarks>
internal sealed class AdjRibOut
{
    private readonly Dictionary<IpPrefix, OutRoute[]> _multi = [];
    private DestinationMap<Advertised> _single = new();

    /// <summary>Routes stored (ADD-PATH paths counted one by one).</summary>
    public int Count { get; private set; }

    public bool TryGet(IpPrefix prefix, out OutRoute route)
    {
        if (_single.TryGet(prefix, out _, out var advertised))
        {
            route = new OutRoute(0, advertised.Attributes, advertised.Source);
            return true;
        }

        route = default;
        return false;
    }

    /// <summary>
    /// Stores <paramref name="route"/> (path id 0) for the prefix of <paramref name="destination"/>
    /// without ADD-PATH, taking over the caller's reference; returns the replaced one.
    /// </summary>
    public OutRoute? Set(Destination destination, OutRoute route)
    {
        if (_single.Set(destination, new Advertised(route.Attributes, route.Source), out var old))
        {
            return new OutRoute(0, old.Attributes, old.Source);
        }

        Count++;
        return null;
    }

    public bool Remove(IpPrefix prefix, out OutRoute route)
    {
        if (_single.Remove(prefix, out var old))
        {
            route = new OutRoute(0, old.Attributes, old.Source);
            Count--;
            return true;
        }

        route = default;
        return false;
    }

    /// <summary>The ADD-PATH routes of <paramref name="prefix"/>; empty when none.</summary>
    public OutRoute[] GetPaths(IpPrefix prefix) => _multi.TryGetValue(prefix, out var paths) ? paths : [];

    /// <summary>Replaces the ADD-PATH routes of a prefix (references move in; the caller releases the old ones).</summary>
    public void SetPaths(IpPrefix prefix, OutRoute[] paths)
    {
        var before = _multi.TryGetValue(prefix, out var old) ? old.Length : 0;
        if (paths.Length == 0)
        {
            _multi.Remove(prefix);
        }
        else
        {
            _multi[prefix] = paths;
        }

        Count += paths.Length - before;
    }

    /// <summary>Every route with its prefix, for a copy or a release. Do not modify while enumerating.</summary>
    public IEnumerable<(IpPrefix Prefix, OutRoute Route)> All()
    {
        foreach (var (destination, advertised) in _single)
        {
            yield return (destination.Prefix, new OutRoute(0, advertised.Attributes, advertised.Source));
        }

        foreach (var (prefix, routes) in _multi)
        {
            foreach (var route in routes)
            {
                yield return (prefix, route);
            }
        }
    }

    /// <summary>
    /// The destinations of <paramref name="families"/> that have routes (a snapshot, for a catch-up
    /// walk: 8 bytes a prefix). An ADD-PATH prefix gets a placeholder destination of its prefix.
    /// </summary>
    public Destination[] Destinations(AddressFamilySet families)
    {
        var destinations = new Destination[_single.Count + _multi.Count];
        var count = 0;
        foreach (var (destination, _) in _single)
        {
            if (families.Contains(UpdateGroup.FamilyOf(destination.Prefix)))
            {
                destinations[count++] = destination;
            }
        }

        foreach (var prefix in _multi.Keys)
        {
            if (families.Contains(UpdateGroup.FamilyOf(prefix)))
            {
                destinations[count++] = new Destination(prefix);
            }
        }

        // Sized once (a table of 1M prefixes is an 8 MiB array); trimmed only when a family was left out.
        return count == destinations.Length ? destinations : destinations[..count];
    }

    /// <summary>Routes of one family.</summary>
    public int CountFamily(AddressFamily family)
    {
        var count = 0;
        foreach (var (prefix, _) in All())
        {
            if (prefix.Afi == family.Afi && family.Safi == Safi.Unicast)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A copy sharing the attribute sets (each gets one more reference).</summary>
    public AdjRibOut Clone()
    {
        var copy = new AdjRibOut { _single = _single.Clone() };
        foreach (var (_, advertised) in _single)
        {
            advertised.Attributes.AddRef();
        }

        foreach (var (prefix, routes) in _multi)
        {
            foreach (var route in routes)
            {
                route.Attributes.AddRef();
            }

            copy._multi[prefix] = (OutRoute[])routes.Clone();
        }

        copy.Count = Count;
        return copy;
    }

    /// <summary>Gives every reference back and empties the table.</summary>
    public void Clear()
    {
        foreach (var (_, route) in All())
        {
            route.Attributes.Release();
        }

        _single.Clear();
        _multi.Clear();
        Count = 0;
    }

    /// <summary>What a prefix without ADD-PATH was advertised with: 16 bytes (the path id is always 0).</summary>
    private readonly record struct Advertised(RouteAttributes Attributes, RouteSource Source);
}
