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
/// twice) holding one reference to an <see cref="Advertised"/>: the (attributes, source) pair,
/// stored once per table however many prefixes share it (a reflector's table has a few per
/// client). That is 20 bytes a slot, about 27 bytes a prefix; the pair inline took 28 a slot, and a
/// <c>Dictionary&lt;IpPrefix, OutRoute&gt;</c> about 60 plus its growth (each update group has one,
/// so this is paid per group). A withdrawn prefix's destination may have left the Loc-RIB: the
/// entry keeps that object until the withdrawal is computed.</para>
/// <para><b>References.</b> Each <see cref="Advertised"/> pair holds one reference to its attribute
/// set and counts the prefixes that use it; a route that leaves the table (<see cref="Set"/>
/// replacing, <see cref="Remove"/>) hands the caller one reference of its own, as if every prefix
/// held one.</para>
/// </remarks>
internal sealed class AdjRibOut
{
    private readonly Dictionary<IpPrefix, OutRoute[]> _multi = [];
    private readonly Dictionary<(RouteAttributes Attributes, RouteSource Source), Advertised> _pairs = [];
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
        if (_single.Set(destination, Use(route.Attributes, route.Source), out var old))
        {
            return Leave(old);
        }

        Count++;
        return null;
    }

    public bool Remove(IpPrefix prefix, out OutRoute route)
    {
        if (_single.Remove(prefix, out var old))
        {
            route = Leave(old);
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
        var copy = new AdjRibOut { _single = new DestinationMap<Advertised>(_single.Count) };
        foreach (var (destination, advertised) in _single)
        {
            copy._single.Set(destination, copy.Use(advertised.Attributes.AddRef(), advertised.Source), out _);
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
        foreach (var advertised in _pairs.Values)
        {
            advertised.Attributes.Release();
        }

        foreach (var (_, routes) in _multi)
        {
            foreach (var route in routes)
            {
                route.Attributes.Release();
            }
        }

        _pairs.Clear();
        _single.Clear();
        _multi.Clear();
        Count = 0;
    }

    /// <summary>The shared pair for one more prefix, taking over the caller's reference to <paramref name="attributes"/>.</summary>
    private Advertised Use(RouteAttributes attributes, RouteSource source)
    {
        if (_pairs.TryGetValue((attributes, source), out var advertised))
        {
            // The pair already holds a reference: the caller's is not needed.
            attributes.Release();
        }
        else
        {
            advertised = new Advertised(attributes, source);
            _pairs.Add((attributes, source), advertised);
        }

        advertised.Prefixes++;
        return advertised;
    }

    /// <summary>One prefix stopped using <paramref name="advertised"/>: the route, with a reference the caller owns.</summary>
    private OutRoute Leave(Advertised advertised)
    {
        if (--advertised.Prefixes == 0)
        {
            // The last prefix: the pair's own reference goes to the caller.
            _pairs.Remove((advertised.Attributes, advertised.Source));
        }
        else
        {
            advertised.Attributes.AddRef();
        }

        return new OutRoute(0, advertised.Attributes, advertised.Source);
    }

    /// <summary>
    /// What prefixes without ADD-PATH were advertised with (the path id is always 0), shared by
    /// every prefix of the table with the same attribute set and source.
    /// </summary>
    private sealed class Advertised(RouteAttributes attributes, RouteSource source)
    {
        public RouteAttributes Attributes { get; } = attributes;

        public RouteSource Source { get; } = source;

        /// <summary>Prefixes of the table that use this pair.</summary>
        public int Prefixes { get; set; }
    }
}
