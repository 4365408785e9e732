using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Decision;
using Bgp.Speaker.Rib;
using static Bgp.Speaker.Tests.Rib.RibTestKit;
using Xunit;

namespace Bgp.Speaker.Tests.Rib;

public sealed class LocRibTests
{
    private readonly AttributeInterner _interner = new();
    private readonly LocRib _rib = new();

    private List<RibChange> Drain()
    {
        var changes = new List<RibChange>();
        _rib.DrainChanges(changes);
        return changes;
    }

    private RouteAttributes Set(uint? localPref = null, uint[]? asPath = null, uint nextHop = 1, uint[]? communities = null)
    {
        var set = _interner.Intern(Attributes(localPref: localPref, asPath: asPath, nextHop: nextHop, communities: communities));
        set.Release(); // the RIB holds its own references; keeping none here lets the tests check release
        return set;
    }

    private bool Update(RouteSource source, int prefix, RouteAttributesFactory factory, uint pathId = 0)
    {
        var set = factory(_interner);
        var changed = _rib.Update(source, V4(prefix), pathId, set);
        set.Release();
        return changed;
    }

    private delegate RouteAttributes RouteAttributesFactory(AttributeInterner interner);

    private static RouteAttributesFactory Lp(uint localPref, uint nextHop = 1) =>
        interner => interner.Intern(Attributes(localPref: localPref, nextHop: nextHop));

    [Fact]
    public void Update_NewPrefix_EmitsOneBestChange()
    {
        var source = Ibgp(1);
        Assert.True(Update(source, 1, Lp(100)));
        var changes = Drain();
        var change = Assert.Single(changes);
        Assert.True(change.BestChanged && change.MultipathChanged && change.PathsChanged, $"kind {change.Kind}");
        Assert.Null(change.OldBest);
        Assert.Same(source, change.NewBest!.Source);
        Assert.True(change.NewBest.IsBest && change.NewBest.IsMultipath);
        Assert.Empty(Drain());
    }

    [Fact]
    public void Update_SameSetAgain_IsNoChange()
    {
        var source = Ibgp(1);
        Update(source, 1, Lp(100));
        Drain();
        Assert.False(Update(source, 1, Lp(100)), "re-announcing the same interned set changes nothing");
        Assert.Empty(Drain());
        Assert.Equal(1, _rib.PathCount);
    }

    [Fact]
    public void Update_NewAttributes_ReplacesThePath_ImplicitWithdraw()
    {
        var source = Ibgp(1);
        Update(source, 1, Lp(100));
        var first = Drain()[0].NewBest!;
        Update(source, 1, Lp(200));
        var change = Assert.Single(Drain());
        Assert.Same(first, change.OldBest);
        Assert.Equal(200u, change.NewBest!.Attributes.LocalPref);
        Assert.Equal(1, _rib.PathCount);
        Assert.False(first.Attributes.IsLive && first.Attributes.ReferenceCount > 1, "old set must not keep extra references");
    }

    [Fact]
    public void BestChange_IsEmittedOncePerDrain_WhateverTheBurst()
    {
        Update(Ibgp(1), 1, Lp(100));
        Update(Ibgp(2), 1, Lp(300));
        Update(Ibgp(3), 1, Lp(200));
        var change = Assert.Single(Drain());
        Assert.Equal("ibgp2", change.NewBest!.Source.Name);
        Assert.True(change.Reason == BestPathReason.LocalPref, $"expected LOCAL_PREF to decide, got {change.Reason}");
    }

    [Fact]
    public void AnnounceThenWithdraw_InOneBatch_EmitsNothing_AndEmptiesTheTable()
    {
        Update(Ibgp(1), 1, Lp(100));
        Assert.True(_rib.Withdraw(Ibgp(1), V4(1), 0));
        Assert.Empty(Drain());
        Assert.Equal(0, _rib.DestinationCount);
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void NonBestChange_EmitsPathsOnly()
    {
        Update(Ibgp(1), 1, Lp(300));
        Update(Ibgp(2), 1, Lp(100));
        Drain();
        Update(Ibgp(2), 1, Lp(150));
        var change = Assert.Single(Drain());
        Assert.True(change.Kind == RibChangeKind.Paths, $"only the path set changed, got {change.Kind}");
        Assert.Same(change.OldBest, change.NewBest);
    }

    [Fact]
    public void Withdraw_Best_PromotesTheNext()
    {
        Update(Ibgp(1), 1, Lp(300));
        Update(Ibgp(2), 1, Lp(100));
        var old = Drain()[0].NewBest!;
        Assert.True(_rib.Withdraw(Ibgp(1), V4(1), 0));
        Assert.False(_rib.Withdraw(Ibgp(1), V4(1), 0), "a second withdraw finds nothing");
        Assert.False(_rib.Withdraw(Ibgp(1), V4(2), 0), "an unknown prefix finds nothing");
        var change = Assert.Single(Drain());
        Assert.Same(old, change.OldBest);
        Assert.Equal("ibgp2", change.NewBest!.Source.Name);
        Assert.False(old.IsBest);
    }

    [Fact]
    public void Withdraw_LastPath_EmitsWithdrawal()
    {
        Update(Ibgp(1), 1, Lp(100));
        Drain();
        _rib.Withdraw(Ibgp(1), V4(1), 0);
        var change = Assert.Single(Drain());
        Assert.Null(change.NewBest);
        Assert.NotNull(change.OldBest);
        Assert.False(_rib.TryGetDestination(V4(1), out _));
        Assert.True(change.OldBest!.Attributes.IsLive, "the old best's set stays interned until the next drain");
        Drain();
        Assert.False(change.OldBest.Attributes.IsLive, "released at the following drain");
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void AddPath_PathsOfOnePeer_AreDistinctByPathId()
    {
        var source = Ibgp(1);
        Update(source, 1, Lp(100, nextHop: 1), pathId: 1);
        Update(source, 1, Lp(100, nextHop: 2), pathId: 2);
        Assert.Equal(2, _rib.PathCount);
        var change = Assert.Single(Drain());
        Assert.Equal(1u, change.NewBest!.PathId);
        Assert.True(change.Reason == BestPathReason.PathId, $"expected PathId, got {change.Reason}");
        _rib.Withdraw(source, V4(1), 1);
        Assert.Equal(2u, Assert.Single(Drain()).NewBest!.PathId);
    }

    [Fact]
    public void WithdrawAll_RemovesEveryPathOfThePeer_InBothFamilies()
    {
        var peer = Ibgp(1);
        for (var i = 0; i < 10; i++)
        {
            Update(peer, i, Lp(100));
            Update(Ibgp(2), i, Lp(50));
        }

        var v6 = _interner.Intern(Attributes(), NlriCarrier.NlriField);
        _rib.Update(peer, V6(1), 0, v6);
        v6.Release();
        Drain();
        Assert.Equal(11, _rib.WithdrawAll(peer));
        var changes = Drain();
        Assert.Equal(11, changes.Count);
        Assert.All(changes.Where(c => c.Prefix.Afi == Afi.Ipv4), c => Assert.Equal("ibgp2", c.NewBest!.Source.Name));
        Assert.Null(changes.Single(c => c.Prefix.Afi == Afi.Ipv6).NewBest);
        Assert.Equal(10, _rib.PathCount);
    }

    [Fact]
    public void GracefulRestart_StaleKept_RefreshedOnesSurviveTheFlush()
    {
        var before = Ibgp(1);
        for (var i = 0; i < 4; i++)
        {
            Update(before, i, Lp(100));
        }

        Drain();
        Assert.Equal(4, _rib.MarkStale(before, V4Family));
        Assert.Empty(Drain()); // stale paths stay eligible: nothing to tell update generation

        // The peer returns as a new session (same name) and re-sends two of the four.
        var after = Ibgp(1);
        Update(after, 0, Lp(100));
        Update(after, 1, Lp(120));
        Assert.Equal(2, _rib.FlushStale(after, V4Family));
        var changes = Drain();
        Assert.Equal(3, changes.Count); // prefix 1 changed attributes, prefixes 2 and 3 were flushed
        Assert.Equal(2, _rib.PathCount);
        _rib.TryGetDestination(V4(0), out var kept);
        Assert.False(kept!.Best!.IsStale, "a re-sent path is no longer stale");
    }

    [Fact]
    public void LongLivedStale_LosesToFresh_AndNoLlgrPathsAreDropped()
    {
        var restarting = Ibgp(1);
        Update(restarting, 1, Lp(300));
        Update(Ibgp(2), 1, Lp(100));
        var noLlgr = _interner.Intern(Attributes(communities: [(uint)WellKnownCommunity.NoLlgr]));
        _rib.Update(restarting, V4(2), 0, noLlgr);
        noLlgr.Release();
        Drain();
        _rib.MarkStale(restarting, V4Family);
        Assert.Equal(1, _rib.MarkLlgrStale(restarting, V4Family));
        var changes = Drain();
        var first = changes.Single(c => c.Prefix == V4(1));
        Assert.Equal("ibgp2", first.NewBest!.Source.Name);
        Assert.True(first.Reason == BestPathReason.NotLlgrStale, $"expected NotLlgrStale, got {first.Reason}");
        Assert.Null(changes.Single(c => c.Prefix == V4(2)).NewBest);
        Assert.Equal(1, _rib.FlushStale(restarting, V4Family));
    }

    [Fact]
    public void Multipath_ChangeIsReported_WhenAnEqualPathArrivesOrLeaves()
    {
        Update(Ibgp(1), 1, Lp(100, nextHop: 1));
        Drain();
        Update(Ibgp(2), 1, Lp(100, nextHop: 2));
        var added = Assert.Single(Drain());
        Assert.True(added.Kind == (RibChangeKind.Multipath | RibChangeKind.Paths), $"got {added.Kind}");
        _rib.Withdraw(Ibgp(2), V4(1), 0);
        var removed = Assert.Single(Drain());
        Assert.True(removed.Kind == (RibChangeKind.Multipath | RibChangeKind.Paths), $"got {removed.Kind}");
    }

    [Fact]
    public void DrainChanges_InSlices()
    {
        for (var i = 0; i < 10; i++)
        {
            Update(Ibgp(1), i, Lp(100));
        }

        var changes = new List<RibChange>();
        Assert.Equal(4, _rib.DrainChanges(changes, maxChanges: 4));
        Assert.Equal(6, _rib.PendingChangeCount);
        Assert.Equal(6, _rib.DrainChanges(changes));
        Assert.Equal(10, changes.Select(c => c.Prefix).Distinct().Count());
    }

    [Fact]
    public void Interner_References_FollowTheRib()
    {
        var source = Ibgp(1);
        for (var i = 0; i < 100; i++)
        {
            Update(source, i, Lp(100));
        }

        Drain();
        Assert.Equal(1, _interner.Count);
        _rib.TryGetDestination(V4(0), out var destination);
        Assert.Equal(100, destination!.Best!.Attributes.ReferenceCount);
        _rib.WithdrawAll(source);
        Drain();
        Drain();
        Assert.Equal(0, _interner.Count);
    }

    [Fact]
    public void AdjRibIn_IsThePeersViewOfTheLocRib_WithOptionalPrePolicyStore()
    {
        var peer = Ibgp(1);
        var adjIn = new AdjRibIn(_rib, peer, keepPrePolicy: true);
        for (var i = 0; i < 5; i++)
        {
            Update(peer, i, Lp(100));
        }

        Update(Ibgp(2), 0, Lp(100));
        Assert.Equal(5, adjIn.CountPaths(V4Family));
        Assert.All(adjIn.GetPaths(V4Family), p => Assert.Equal("ibgp1", p.Path.Source.Name));

        var raw = _interner.Intern(Attributes(localPref: 10));
        adjIn.SetPrePolicy(new Bgp.Protocol.Nlri.NlriEntry(V4(0)), raw);
        raw.Release();
        Assert.Equal(1, adjIn.PrePolicyCount);
        Assert.True(raw.IsLive);
        adjIn.ClearPrePolicy();
        Assert.False(raw.IsLive);
        Assert.False(new AdjRibIn(_rib, peer).KeepsPrePolicy);
    }

    [Fact]
    public void GracefulRestart_ResentIdenticalRoute_FromTheNewSession_IsNotReadvertised()
    {
        Update(Ibgp(1), 1, Lp(100));
        Drain();
        _rib.MarkStale(Ibgp(1), V4Family);
        var renewedSession = Ibgp(1);
        Assert.True(Update(renewedSession, 1, Lp(100)));
        Assert.Empty(Drain());
        _rib.TryGetDestination(V4(1), out var destination);
        Assert.Same(renewedSession, destination!.Best!.Source);
        Assert.False(destination.Best.IsStale);
    }

    [Fact]
    public void LongLivedStaleBest_Refreshed_IsReadvertised()
    {
        var peer = Ibgp(1);
        Update(peer, 1, Lp(100));
        Drain();
        _rib.MarkLlgrStale(peer, V4Family);
        var marked = Assert.Single(Drain());
        Assert.True(marked.BestChanged && marked.NewBest!.IsLlgrStale, $"LLGR-stale best must be re-advertised, got {marked.Kind}");
        Update(peer, 1, Lp(100));
        var refreshed = Assert.Single(Drain());
        Assert.True(refreshed.BestChanged && !refreshed.NewBest!.IsLlgrStale, $"refreshed best must be re-advertised, got {refreshed.Kind}");
    }

    [Fact]
    public void UnusedHelper_Set_ReleasesItsReference() => Assert.Equal(0, Set().ReferenceCount);
}
