using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Decision;
using Bgp.Speaker.Rib;
using CsCheck;
using static Bgp.Speaker.Tests.Rib.RibTestKit;
using Xunit;

namespace Bgp.Speaker.Tests.Decision;

public sealed class BestPathSelectorTests
{
    private readonly AttributeInterner _interner = new();

    private RibPath Path(RouteSource source, PathAttributes attributes, uint pathId = 0) =>
        RibPath.Create(source, _interner.Intern(attributes, NlriCarrier.NlriField), pathId);

    private static Destination DestinationOf(IEnumerable<RibPath> paths)
    {
        var destination = new Destination(V4(1));
        foreach (var path in paths)
        {
            destination.Add(path);
        }

        return destination;
    }

    [Fact]
    public void SinglePath_IsBest_ForOnlyPath()
    {
        var path = Path(Ibgp(1), Attributes());
        var result = new BestPathSelector(DecisionOptions.Default).Select(DestinationOf([path]));
        Assert.Same(path, result.Best);
        Assert.True(result.Reason == BestPathReason.OnlyPath, $"expected OnlyPath, got {result.Reason}");
    }

    [Fact]
    public void Reason_IsTheRuleThatSeparatedTheRunnerUp()
    {
        var best = Path(Ibgp(1, routerId: 1), Attributes(localPref: 200));
        var runnerUp = Path(Ibgp(2, routerId: 2), Attributes(localPref: 200));
        var far = Path(Ibgp(3), Attributes(localPref: 100));
        var result = new BestPathSelector(DecisionOptions.Default).Select(DestinationOf([far, runnerUp, best]));
        Assert.Same(best, result.Best);
        Assert.True(result.Reason == BestPathReason.RouterId, $"expected RouterId (vs the runner-up), got {result.Reason}");
    }

    [Fact]
    public void DeterministicMed_GroupsByNeighborAs_IndependentOfOrder()
    {
        // Group AS1 is won by C (MED 5 beats 10); C then beats B (another AS: MED skipped) on router id.
        var a = Path(Ibgp(1, routerId: 3), Attributes(asPath: [1], med: 10));
        var b = Path(Ibgp(2, routerId: 2), Attributes(asPath: [2]));
        var c = Path(Ibgp(3, routerId: 1), Attributes(asPath: [1], med: 5));
        var selector = new BestPathSelector(DecisionOptions.Default);
        foreach (var order in new[] { new[] { a, b, c }, [c, b, a], [b, a, c], [b, c, a], [a, c, b], [c, a, b] })
        {
            var result = selector.Select(DestinationOf(order));
            Assert.True(ReferenceEquals(result.Best, c), $"deterministic MED: expected the AS1 MED-5 path in order {string.Join(",", order.Select(p => p.Source.Name))}, got {result.Best}");
        }
    }

    [Fact]
    public void WithoutDeterministicMed_ArrivalOrderDecides()
    {
        var a = Path(Ibgp(1, routerId: 3), Attributes(asPath: [1], med: 10));
        var b = Path(Ibgp(2, routerId: 2), Attributes(asPath: [2]));
        var c = Path(Ibgp(3, routerId: 1), Attributes(asPath: [1], med: 5));
        var selector = new BestPathSelector(DecisionOptions.Default with { DeterministicMed = false });

        // c, a, b: c beats a (MED), b vs c: different AS -> router id, c (1) wins.
        Assert.Same(c, selector.Select(DestinationOf([c, a, b])).Best);

        // a, b, c: b beats a? router ids 3 vs 2 -> b; c vs b -> c (rid 1). Same winner here, but
        // b, a, c with rids changed shows the cycle:
        var a2 = Path(Ibgp(4, routerId: 1), Attributes(asPath: [1], med: 10));
        var b2 = Path(Ibgp(5, routerId: 2), Attributes(asPath: [2]));
        var c2 = Path(Ibgp(6, routerId: 3), Attributes(asPath: [1], med: 5));
        var first = selector.Select(DestinationOf([a2, b2, c2])).Best;   // a2 beats b2 (rid), c2 beats a2 (MED) -> c2
        var second = selector.Select(DestinationOf([c2, b2, a2])).Best;  // b2 beats c2 (rid), a2 beats b2 (rid) -> a2
        Assert.Same(c2, first);
        Assert.Same(a2, second);
    }

    [Fact]
    public void Multipath_IsTheBestPlusPathsEqualThroughIgpCost()
    {
        var best = Path(Ibgp(1, routerId: 1), Attributes(asPath: [65001], nextHop: 1));
        var equal = Path(Ibgp(2, routerId: 2), Attributes(asPath: [65002], nextHop: 2));
        var longer = Path(Ibgp(3, routerId: 3), Attributes(asPath: [65003, 1], nextHop: 3));
        var destination = DestinationOf([longer, equal, best]);
        var selector = new BestPathSelector(DecisionOptions.Default);
        var result = selector.Select(destination);
        Assert.Same(best, result.Best);
        Assert.True(selector.UpdateMultipath(destination, best), "multipath flags should change");
        Assert.True(best.IsMultipath && equal.IsMultipath, "best and the equal-cost path are in the multipath set");
        Assert.False(longer.IsMultipath, "a longer AS path is not multipath-equivalent");
        Assert.False(selector.UpdateMultipath(destination, best), "recomputing the same set changes nothing");
    }

    [Fact]
    public void Multipath_RespectsMaxPaths_InPreferenceOrder()
    {
        var paths = Enumerable.Range(1, 6).Select(i => Path(Ibgp(i, routerId: (uint)(10 - i)), Attributes(nextHop: (uint)i))).ToArray();
        var destination = DestinationOf(paths);
        var selector = new BestPathSelector(DecisionOptions.Default with { MaxPaths = 3 });
        var best = selector.Select(destination).Best!;
        selector.UpdateMultipath(destination, best);
        var members = paths.Where(p => p.IsMultipath).Select(p => p.Source.Name).OrderBy(n => n).ToArray();
        Assert.Equal(["ibgp4", "ibgp5", "ibgp6"], members);
    }

    [Fact]
    public void Multipath_Off_IsJustTheBest()
    {
        var a = Path(Ibgp(1), Attributes(nextHop: 1));
        var b = Path(Ibgp(2), Attributes(nextHop: 2));
        var destination = DestinationOf([a, b]);
        var selector = new BestPathSelector(DecisionOptions.Default with { Multipath = false });
        selector.UpdateMultipath(destination, a);
        Assert.True(a.IsMultipath && !b.IsMultipath, "with multipath off only the best is in the set");
    }

    private static readonly Gen<(int Source, uint LocalPref, int AsLen, Origin Origin, uint NeighborAs, uint? Med, bool External, uint RouterId, int Clusters, uint PathId)> GenPath =
        Gen.Select(
            Gen.Int[1, 6], Gen.UInt[99, 101], Gen.Int[1, 3], Gen.Int[0, 2].Select(o => (Origin)o),
            Gen.UInt[1, 3], Gen.UInt[0, 3].Select(m => m == 3 ? (uint?)null : m),
            Gen.Select(Gen.Bool, Gen.UInt[1, 4], Gen.Int[0, 2], Gen.UInt[0, 2]))
        .Select((s, lp, len, o, nas, med, rest) => (s, lp, len, o, nas, med, rest.Item1, rest.Item2, rest.Item3, rest.Item4));

    private List<RibPath> Build(IEnumerable<(int Source, uint LocalPref, int AsLen, Origin Origin, uint NeighborAs, uint? Med, bool External, uint RouterId, int Clusters, uint PathId)> specs)
    {
        var paths = new List<RibPath>();
        var seen = new HashSet<(string, uint)>();
        foreach (var s in specs)
        {
            var source = s.External ? Ebgp(s.Source, s.NeighborAs, s.RouterId) : Ibgp(s.Source, s.RouterId);
            if (!seen.Add((source.Name, s.PathId)))
            {
                continue;
            }

            var asPath = new uint[s.AsLen];
            asPath[0] = s.NeighborAs;
            for (var i = 1; i < asPath.Length; i++)
            {
                asPath[i] = 100 + (uint)i;
            }

            var attributes = Attributes(asPath: asPath, origin: s.Origin, localPref: s.External ? null : s.LocalPref, med: s.Med,
                clusterList: Enumerable.Repeat(7u, s.Clusters).ToArray());
            paths.Add(Path(source, attributes, s.PathId));
        }

        return paths;
    }

    [Fact]
    public void Property_WinnerIsStableUnderPermutation_WithDeterministicMed()
    {
        var selector = new BestPathSelector(DecisionOptions.Default);
        Gen.Select(GenPath.List[1, 10], Gen.Int).Sample((specs, seed) =>
        {
            var paths = Build(specs);
            var expected = selector.Select(DestinationOf(paths)).Best;
            var shuffled = paths.ToArray();
            new Random(seed).Shuffle(shuffled);
            var actual = selector.Select(DestinationOf(shuffled)).Best;
            return ReferenceEquals(expected, actual);
        }, iter: 2000);
    }

    [Fact]
    public void Property_CompareIsAntisymmetric_WithTheSameReason()
    {
        foreach (var options in new[] { DecisionOptions.Default, DecisionOptions.Default with { AlwaysCompareMed = true, MissingMedWorst = true } })
        {
            var comparer = new PathComparer(options);
            Gen.Select(GenPath, GenPath).Sample((x, y) =>
            {
                var paths = Build([x, y with { Source = x.Source + 10 }]);
                var ab = comparer.Compare(paths[0], paths[1]);
                var ba = comparer.Compare(paths[1], paths[0]);
                return Math.Sign(ab.Result) == -Math.Sign(ba.Result) && ab.Reason == ba.Reason && ab.Result != 0;
            }, iter: 2000);
        }
    }

    [Fact]
    public void Property_WinnerBeatsEveryPathOfItsNeighborAs()
    {
        var selector = new BestPathSelector(DecisionOptions.Default);
        GenPath.List[1, 10].Sample(specs =>
        {
            var paths = Build(specs);
            var best = selector.Select(DestinationOf(paths)).Best!;
            return paths.All(p => ReferenceEquals(p, best) || selector.Comparer.Compare(best, p).FirstWins ||
                p.Attributes.NeighborAs != best.Attributes.NeighborAs);
        }, iter: 2000);
    }
}
