using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Routing;

/// <summary>
/// What one update group advertised (RFC 4271 §3.2: the Adj-RIB-Out, after export policy and the
/// path rules): per prefix one route, or with ADD-PATH send (RFC 7911) a few, each keyed by the path
/// id we sent. Update generation diffs the wanted advertisement against it, so only real changes
/// are sent and a withdrawal is sent only for what was advertised.
/// </summary>
/// <remarks>
/// Owns one reference per stored attribute set. Memory: about 60 bytes per prefix (the table entry
/// with the 24-byte prefix and the route); attribute sets are shared with the interner.
/// Touched only by the routing task.
/// </remarks>
internal sealed class AdjRibOut
{
    private readonly Dictionary<IpPrefix, OutRoute> _single = [];
    private readonly Dictionary<IpPrefix, OutRoute[]> _multi = [];

    /// <summary>Routes stored (ADD-PATH paths counted one by one).</summary>
    public int Count { get; private set; }

    public bool TryGet(IpPrefix prefix, out OutRoute route) => _single.TryGetValue(prefix, out route);

    /// <summary>Stores <paramref name="route"/> for a prefix without ADD-PATH, taking over the caller's reference; returns the replaced one.</summary>
    public OutRoute? Set(IpPrefix prefix, OutRoute route)
    {
        if (_single.Remove(prefix, out var old))
        {
            _single[prefix] = route;
            return old;
        }

        _single[prefix] = route;
        Count++;
        return null;
    }

    public bool Remove(IpPrefix prefix, out OutRoute route)
    {
        if (_single.Remove(prefix, out route))
        {
            Count--;
            return true;
        }

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
        foreach (var (prefix, route) in _single)
        {
            yield return (prefix, route);
        }

        foreach (var (prefix, routes) in _multi)
        {
            foreach (var route in routes)
            {
                yield return (prefix, route);
            }
        }
    }

    /// <summary>The prefixes of <paramref name="families"/> that have routes (a snapshot, for a catch-up walk).</summary>
    public IpPrefix[] Prefixes(AddressFamilySet families)
    {
        var prefixes = new List<IpPrefix>(_single.Count + _multi.Count);
        foreach (var prefix in _single.Keys)
        {
            if (families.Contains(UpdateGroup.FamilyOf(prefix)))
            {
                prefixes.Add(prefix);
            }
        }

        foreach (var prefix in _multi.Keys)
        {
            if (families.Contains(UpdateGroup.FamilyOf(prefix)))
            {
                prefixes.Add(prefix);
            }
        }

        return [.. prefixes];
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
        var copy = new AdjRibOut();
        foreach (var (prefix, route) in _single)
        {
            route.Attributes.AddRef();
            copy._single[prefix] = route;
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
}
