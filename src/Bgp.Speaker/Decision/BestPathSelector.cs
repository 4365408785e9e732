using System.Buffers;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Decision;

/// <summary>
/// RFC 4271 §9.1.2 phase 2 for one destination: the best path with the reason it won, and the
/// multipath (ECMP) set exported to the kernel.
/// </summary>
/// <remarks>
/// <para><b>Order.</b> With <see cref="DecisionOptions.DeterministicMed"/> (the default) the paths
/// are grouped by neighbor AS, each group's best is found (MED applies inside a group), and the
/// group winners are compared: the winner does not depend on arrival order. Without it the paths
/// are compared in arrival order, best-so-far against the next, which RFC 4271's MED rule makes
/// order-dependent. With <see cref="DecisionOptions.AlwaysCompareMed"/> both are the same.</para>
/// <para><b>Multipath.</b> The set is the best path plus every path equivalent to it through the
/// IGP-cost rule (<see cref="PathComparer.IsMultipathEquivalent"/>), at most
/// <see cref="DecisionOptions.MaxPaths"/> of them in preference order. Paths with the same next
/// hop are not merged here: that is one kernel next hop, for the exporter to fold.</para>
/// <para>Stateless apart from its options; safe to share between threads.</para>
/// </remarks>
public sealed class BestPathSelector
{
    public BestPathSelector(DecisionOptions options)
    {
        Options = options;
        Comparer = new PathComparer(options);
    }

    public DecisionOptions Options { get; }

    public PathComparer Comparer { get; }

    /// <summary>The best path of <paramref name="destination"/>'s current paths, and why; (null, OnlyPath) when it has none.</summary>
    public BestPathResult Select(Destination destination)
    {
        var paths = destination.Paths;
        var count = paths.Count;
        if (count == 0)
        {
            return new BestPathResult(null, BestPathReason.OnlyPath);
        }

        if (count == 1)
        {
            return new BestPathResult(paths[0], BestPathReason.OnlyPath);
        }

        var best = Options.DeterministicMed && !Options.AlwaysCompareMed ? SelectByNeighborGroups(paths) : SelectInOrder(paths);

        // The reason is the latest rule the winner needed against a path it beats: the rule that
        // separated it from the runner-up.
        var reason = BestPathReason.OnlyPath;
        for (var i = 0; i < count; i++)
        {
            var other = paths[i];
            if (ReferenceEquals(other, best))
            {
                continue;
            }

            var comparison = Comparer.Compare(best, other);
            if (comparison.FirstWins && comparison.Reason > reason)
            {
                reason = comparison.Reason;
            }
        }

        return new BestPathResult(best, reason);
    }

    /// <summary>
    /// Sets <see cref="RibPathFlags.Multipath"/> on the multipath set of <paramref name="destination"/>
    /// for <paramref name="best"/> and clears it elsewhere; true when any path's membership changed.
    /// </summary>
    internal bool UpdateMultipath(Destination destination, RibPath? best)
    {
        var paths = destination.Paths;
        var count = paths.Count;
        var equivalents = 0;
        if (best is not null && Options.Multipath)
        {
            for (var i = 0; i < count; i++)
            {
                var path = paths[i];
                if (!ReferenceEquals(path, best) && Comparer.IsMultipathEquivalent(best, path))
                {
                    equivalents++;
                }
            }
        }

        if (equivalents + 1 <= Options.MaxPaths)
        {
            var changed = false;
            for (var i = 0; i < count; i++)
            {
                var path = paths[i];
                var member = best is not null && (ReferenceEquals(path, best) ||
                    (equivalents > 0 && Comparer.IsMultipathEquivalent(best, path)));
                changed |= Apply(path, member);
            }

            return changed;
        }

        return UpdateBoundedMultipath(paths, best!, equivalents);
    }

    private bool UpdateBoundedMultipath(PathList paths, RibPath best, int equivalents)
    {
        // More equal paths than MaxPaths (rare): keep the best MaxPaths in preference order.
        var candidates = ArrayPool<RibPath>.Shared.Rent(equivalents + 1);
        try
        {
            var n = 0;
            candidates[n++] = best;
            foreach (var path in paths)
            {
                if (!ReferenceEquals(path, best) && Comparer.IsMultipathEquivalent(best, path))
                {
                    candidates[n++] = path;
                }
            }

            Array.Sort(candidates, 0, n, Comparer<RibPath>.Create((x, y) => Comparer.Compare(x, y).Result));
            var changed = false;
            foreach (var path in paths)
            {
                var index = Array.IndexOf(candidates, path, 0, n);
                changed |= Apply(path, index >= 0 && index < Options.MaxPaths);
            }

            return changed;
        }
        finally
        {
            ArrayPool<RibPath>.Shared.Return(candidates, clearArray: true);
        }
    }

    private static bool Apply(RibPath path, bool member)
    {
        if (path.IsMultipath == member)
        {
            return false;
        }

        if (member)
        {
            path.Set(RibPathFlags.Multipath);
        }
        else
        {
            path.Clear(RibPathFlags.Multipath);
        }

        return true;
    }

    private RibPath SelectInOrder(PathList paths)
    {
        var best = paths[0];
        for (var i = 1; i < paths.Count; i++)
        {
            var candidate = paths[i];
            if (Comparer.Compare(candidate, best).FirstWins)
            {
                best = candidate;
            }
        }

        return best;
    }

    private RibPath SelectByNeighborGroups(PathList paths)
    {
        RibPath? best = null;
        var count = paths.Count;
        for (var i = 0; i < count; i++)
        {
            var first = paths[i];
            var neighborAs = first.Attributes.NeighborAs;
            if (SeenGroupBefore(paths, i, neighborAs))
            {
                continue;
            }

            // The winner of this neighbor-AS group: MED is compared inside it.
            var groupBest = first;
            for (var j = i + 1; j < count; j++)
            {
                var candidate = paths[j];
                if (candidate.Attributes.NeighborAs == neighborAs && Comparer.Compare(candidate, groupBest).FirstWins)
                {
                    groupBest = candidate;
                }
            }

            if (best is null || Comparer.Compare(groupBest, best).FirstWins)
            {
                best = groupBest;
            }
        }

        return best!;
    }

    private static bool SeenGroupBefore(PathList paths, int index, uint neighborAs)
    {
        for (var k = 0; k < index; k++)
        {
            if (paths[k].Attributes.NeighborAs == neighborAs)
            {
                return true;
            }
        }

        return false;
    }
}
