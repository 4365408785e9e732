using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Decision;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Tests.Rib;
using static Bgp.Speaker.Tests.Rib.RibTestKit;
using Xunit;

namespace Bgp.Speaker.Tests.Decision;

/// <summary>One case per RFC 4271 §9.1.2.2 tie-breaker: the better path must win for that rule's reason.</summary>
public sealed class PathComparerTests
{
    private readonly AttributeInterner _interner = new();

    private RibPath Path(RouteSource source, PathAttributes attributes, uint pathId = 0) =>
        RibPath.Create(source, _interner.Intern(attributes), pathId);

    private static void AssertWins(RibPath better, RibPath worse, BestPathReason expected, DecisionOptions? options = null)
    {
        var comparer = new PathComparer(options ?? DecisionOptions.Default);
        var result = comparer.Compare(better, worse);
        Assert.True(result.Reason == expected, $"expected {expected} to decide, got {result.Reason}");
        Assert.True(result.FirstWins, $"{expected}: expected {better} to beat {worse}, got {result}");
        var reverse = comparer.Compare(worse, better);
        Assert.True(reverse.SecondWins && reverse.Reason == expected, $"{expected}: reversed comparison gave {reverse}");
    }

    [Fact]
    public void LlgrStale_LosesToAnyOtherPath_EvenWithHigherLocalPref()
    {
        var stale = Path(Ibgp(1), Attributes(localPref: 500, communities: [(uint)WellKnownCommunity.LlgrStale]));
        var fresh = Path(Ibgp(2), Attributes(localPref: 50));
        AssertWins(fresh, stale, BestPathReason.NotLlgrStale);
    }

    [Fact]
    public void LlgrStaleFlag_FromMarkLlgrStale_LosesLikeTheCommunity()
    {
        var stale = Path(Ibgp(1), Attributes(localPref: 500));
        stale.Set(RibPathFlags.LlgrStale);
        AssertWins(Path(Ibgp(2), Attributes(localPref: 50)), stale, BestPathReason.NotLlgrStale);
    }

    [Fact]
    public void GrStale_IsNotPenalised()
    {
        var stale = Path(Ibgp(1), Attributes(localPref: 200));
        stale.Set(RibPathFlags.Stale);
        AssertWins(stale, Path(Ibgp(2), Attributes(localPref: 100)), BestPathReason.LocalPref);
    }

    [Fact]
    public void LocallyOriginated_BeatsLearned()
    {
        AssertWins(Path(Local(), Attributes()), Path(Ibgp(1), Attributes(localPref: 1000)), BestPathReason.LocallyOriginated);
    }

    [Fact]
    public void LocalPref_HigherWins()
    {
        AssertWins(Path(Ibgp(2), Attributes(localPref: 200, asPath: [1, 2, 3])), Path(Ibgp(1), Attributes(localPref: 100)), BestPathReason.LocalPref);
    }

    [Fact]
    public void LocalPref_MissingTakesConfiguredDefault()
    {
        var ebgp = Path(Ebgp(1, 65001), Attributes(asPath: [65001]));
        var ibgp = Path(Ibgp(1), Attributes(asPath: [65002], localPref: 150));
        AssertWins(ibgp, ebgp, BestPathReason.LocalPref);
        AssertWins(ebgp, ibgp, BestPathReason.LocalPref, DecisionOptions.Default with { DefaultLocalPref = 200 });
    }

    [Fact]
    public void AsPathLength_ShorterWins()
    {
        AssertWins(Path(Ibgp(2), Attributes(asPath: [1], origin: Origin.Incomplete)), Path(Ibgp(1), Attributes(asPath: [1, 2])), BestPathReason.AsPathLength);
    }

    [Fact]
    public void AsPathLength_AsSetCountsOne_ConfederationSegmentsZero()
    {
        var withSet = new PathAttributes
        {
            Origin = Origin.Igp,
            NextHop = 1,
            AsPath = new AsPath([
                new AsPathSegment(AsPathSegmentType.AsConfedSequence, [64600, 64601, 64602]),
                new AsPathSegment(AsPathSegmentType.AsSequence, [1]),
                new AsPathSegment(AsPathSegmentType.AsSet, [7, 8, 9]),
            ]),
        };
        var sequenceOfThree = Attributes(asPath: [1, 2, 3]);
        AssertWins(Path(Ibgp(2), withSet), Path(Ibgp(1), sequenceOfThree), BestPathReason.AsPathLength);
    }

    [Fact]
    public void Origin_LowerWins()
    {
        AssertWins(Path(Ibgp(2), Attributes(asPath: [1], origin: Origin.Egp)), Path(Ibgp(1), Attributes(asPath: [2], origin: Origin.Incomplete)), BestPathReason.Origin);
        AssertWins(Path(Ibgp(2), Attributes(origin: Origin.Igp)), Path(Ibgp(1), Attributes(origin: Origin.Egp)), BestPathReason.Origin);
    }

    [Fact]
    public void Med_LowerWins_FromSameNeighborAs()
    {
        AssertWins(Path(Ibgp(2), Attributes(asPath: [65001], med: 10)), Path(Ibgp(1), Attributes(asPath: [65001], med: 20)), BestPathReason.Med);
    }

    [Fact]
    public void Med_IgnoredAcrossNeighborAses_UnlessAlwaysCompare()
    {
        var low = Path(Ibgp(2), Attributes(asPath: [65001], med: 10));
        var high = Path(Ibgp(1), Attributes(asPath: [65002], med: 20));
        AssertWins(high, low, BestPathReason.RouterId);
        AssertWins(low, high, BestPathReason.Med, DecisionOptions.Default with { AlwaysCompareMed = true });
    }

    [Fact]
    public void Med_MissingIsZero_OrWorstWhenConfigured()
    {
        var missing = Path(Ibgp(2), Attributes(asPath: [65001]));
        var five = Path(Ibgp(1), Attributes(asPath: [65001], med: 5));
        AssertWins(missing, five, BestPathReason.Med);
        AssertWins(five, missing, BestPathReason.Med, DecisionOptions.Default with { MissingMedWorst = true });
    }

    [Fact]
    public void External_BeatsInternal()
    {
        AssertWins(Path(Ebgp(9, 65001, routerId: uint.MaxValue), Attributes(asPath: [65001])), Path(Ibgp(1), Attributes(asPath: [65002])), BestPathReason.ExternalOverInternal);
    }

    [Fact]
    public void IgpCost_NeverDecides_WithoutAnIgp()
    {
        var a = Path(Ibgp(1), Attributes());
        var b = Path(Ibgp(2), Attributes(nextHop: 0x0A0000FE));
        Assert.True(PathComparer.CompareIgpCost(a, b) == 0, "IGP cost: every next hop costs the same");
    }

    [Fact]
    public void RouterId_LowerWins()
    {
        AssertWins(Path(Ibgp(9, routerId: 1), Attributes()), Path(Ibgp(1, routerId: 2), Attributes()), BestPathReason.RouterId);
    }

    [Fact]
    public void RouterId_OriginatorIdStandsInForTheBgpIdentifier()
    {
        // RFC 4456 §9: a reflected route is ranked by its ORIGINATOR_ID, not the reflector's identifier.
        var reflected = Path(Ibgp(1, routerId: 1), Attributes(originatorId: 50, clusterList: [7]));
        var direct = Path(Ibgp(2, routerId: 10), Attributes());
        AssertWins(direct, reflected, BestPathReason.RouterId);
    }

    [Fact]
    public void ClusterList_ShorterWins()
    {
        AssertWins(
            Path(Ibgp(2, routerId: 5), Attributes(originatorId: 42, clusterList: [1])),
            Path(Ibgp(1, routerId: 5), Attributes(originatorId: 42, clusterList: [1, 2])),
            BestPathReason.ClusterListLength);
    }

    [Fact]
    public void PeerAddress_LowerWins()
    {
        AssertWins(Path(Ibgp(1, routerId: 7), Attributes()), Path(Ibgp(2, routerId: 7), Attributes()), BestPathReason.PeerAddress);
    }

    [Fact]
    public void PathId_LowerWins_BetweenAddPathsOfOnePeer()
    {
        var source = Ibgp(1);
        AssertWins(Path(source, Attributes(nextHop: 2), pathId: 1), Path(source, Attributes(nextHop: 1), pathId: 2), BestPathReason.PathId);
    }

    [Fact]
    public void SamePath_IsIdentical()
    {
        var path = Path(Ibgp(1), Attributes());
        var result = new PathComparer(DecisionOptions.Default).Compare(path, path);
        Assert.True(result.Result == 0 && result.Reason == BestPathReason.Identical, $"expected Identical, got {result}");
    }
}
