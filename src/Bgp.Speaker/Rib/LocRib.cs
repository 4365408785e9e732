using System.Diagnostics.CodeAnalysis;
using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Decision;

namespace Bgp.Speaker.Rib;

/// <summary>
/// The Loc-RIB for IPv4 and IPv6 unicast (RFC 4271 §3.2): per prefix, every path learned from every
/// source after import policy, and the best path chosen by the decision process (§9.1).
/// </summary>
/// <remarks>
/// <para><b>One table (BIRD-style).</b> A source's Adj-RIB-In (post-policy) is the set of paths
/// tagged with that source in these destinations; <see cref="AdjRibIn"/> is the per-source view
/// of it (plus an optional pre-policy store). Keeping the paths once, next to their competitors,
/// is what lets a RIB of 1M paths from 10 peers cost ~60 bytes per path instead of a second copy
/// per source. Style rule 13's separation holds at the type level: <see cref="AdjRibIn"/>,
/// <see cref="LocRib"/> and the out engine's Adj-RIB-Out are distinct types.</para>
/// <para><b>Batching.</b> <see cref="Update"/>, <see cref="Withdraw"/> and the bulk operations only
/// record the path and queue the destination once. <see cref="DrainChanges"/> runs the decision
/// process once per queued destination and reports the net change, so a burst of 10,000 prefixes
/// from a client is selected once each and handed to update generation as one batch, and a
/// destination touched by ten peers in the burst is selected once. <see cref="Destination.Best"/>
/// is the best as of the last drain.</para>
/// <para><b>Threading.</b> Single writer: one routing task calls every method; readers
/// (update generation, kernel export, the CLI) run on that task too, between calls. Only the
/// <see cref="AttributeInterner"/> is thread-safe, so sessions can intern on their own loops.</para>
/// <para><b>Attribute references.</b> Each stored path owns one reference to its
/// <see cref="RouteAttributes"/> (taken by <see cref="Update"/>). A replaced or removed path's
/// reference is given back at once, except for a path that was the published best: that one is
/// kept until the drain after the one that reported it as <see cref="RibChange.OldBest"/>, so the
/// consumer of a batch can still match it against the interner.</para>
/// </remarks>
public sealed class LocRib
{
    /// <summary>After a drain of more changes than this, the emptied queue gives its array back.</summary>
    private const int QueueTrimThreshold = 4096;

    // Keyed by each destination's own prefix: 12 bytes a prefix (DestinationMap).
    private readonly DestinationMap<NoValue> _ipv4;
    private readonly DestinationMap<NoValue> _ipv6;
    private readonly Queue<Destination> _queue = new();
    private List<RouteAttributes> _retiredSinceDrain = [];
    private List<RouteAttributes> _retiredAtLastDrain = [];

    /// <param name="options">Decision options; <see cref="DecisionOptions.Default"/> when null.</param>
    /// <param name="ipv4Capacity">Expected IPv4 prefixes, to size the table up front.</param>
    /// <param name="ipv6Capacity">Expected IPv6 prefixes.</param>
    public LocRib(DecisionOptions? options = null, int ipv4Capacity = 0, int ipv6Capacity = 0)
    {
        Selector = new BestPathSelector(options ?? DecisionOptions.Default);
        _ipv4 = new DestinationMap<NoValue>(ipv4Capacity);
        _ipv6 = new DestinationMap<NoValue>(ipv6Capacity);
    }

    public BestPathSelector Selector { get; }

    /// <summary>Destinations in both tables, including emptied ones not yet drained.</summary>
    public int DestinationCount => _ipv4.Count + _ipv6.Count;

    /// <summary>Paths in both tables.</summary>
    public int PathCount { get; private set; }

    /// <summary>Destinations queued for the next <see cref="DrainChanges"/>.</summary>
    public int PendingChangeCount => _queue.Count;

    /// <summary>
    /// Adds or replaces the path of <paramref name="source"/>'s peer with <paramref name="pathId"/>
    /// to <paramref name="prefix"/> (an implicit withdraw of the previous one, RFC 4271 §9). The RIB
    /// takes its own reference to <paramref name="attributes"/>. False when nothing changed (the
    /// same interned set from the same source, not stale).
    /// </summary>
    public bool Update(RouteSource source, IpPrefix prefix, uint pathId, RouteAttributes attributes)
    {
        var destination = TableFor(prefix.Afi).GetOrAdd(prefix, static p => new Destination(p));
        var index = destination.IndexOf(source, pathId);
        if (index < 0)
        {
            destination.Add(new RibPath(source, attributes.AddRef(), pathId));
            PathCount++;
            Touch(destination, DestinationState.PathsChanged);
            return true;
        }

        var old = destination.PathAt(index);
        if (ReferenceEquals(old.Attributes, attributes))
        {
            return Refresh(destination, index, old, source);
        }

        destination.ReplaceAt(index, new RibPath(source, attributes.AddRef(), pathId));
        Retire(destination, old);
        Touch(destination, DestinationState.PathsChanged);
        return true;
    }

    /// <summary>
    /// The peer re-sent a route with the same interned set: a route refresh, or a new session after a
    /// graceful restart (RFC 4724 §4.2). Staleness is cleared; a new session's source replaces the old
    /// one (its BGP Identifier may differ, so the destination is re-selected), but the advertisement
    /// is the same, so no change is reported unless long-lived staleness ended.
    /// </summary>
    private bool Refresh(Destination destination, int index, RibPath old, RouteSource source)
    {
        const RibPathFlags staleness = RibPathFlags.Stale | RibPathFlags.LlgrStale;
        var wasLongLived = (old.Flags & RibPathFlags.LlgrStale) != 0;
        if (ReferenceEquals(old.Source, source))
        {
            if ((old.Flags & staleness) == 0)
            {
                return false;
            }

            old.Clear(staleness);
        }
        else
        {
            var renewed = new RibPath(source, old.Attributes.AddRef(), old.PathId);
            renewed.Set(old.Flags & RibPathFlags.Multipath);
            destination.ReplaceAt(index, renewed);
            ReleaseReplaced(old);
        }

        Touch(destination, !wasLongLived ? DestinationState.None
            : old.IsBest ? DestinationState.PathsChanged | DestinationState.BestStateChanged
            : DestinationState.PathsChanged);
        return true;
    }

    /// <summary>Removes the path of <paramref name="source"/>'s peer with <paramref name="pathId"/>; false if there was none.</summary>
    public bool Withdraw(RouteSource source, IpPrefix prefix, uint pathId)
    {
        if (!TableFor(prefix.Afi).TryGet(prefix, out var destination))
        {
            return false;
        }

        var index = destination.IndexOf(source, pathId);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(destination, index);
        return true;
    }

    /// <summary>Peer down without graceful restart: removes every path of the peer in both families. Scans the tables.</summary>
    public int WithdrawAll(RouteSource source) =>
        WithdrawAll(source, AddressFamily.Ipv4Unicast) + WithdrawAll(source, AddressFamily.Ipv6Unicast);

    /// <summary>Removes every path of the peer in <paramref name="family"/> (also RFC 7606 AFI/SAFI disable).</summary>
    public int WithdrawAll(RouteSource source, AddressFamily family) =>
        RemoveWhere(source, family, static _ => true);

    /// <summary>
    /// RFC 4724 §4.2: the peer's session went down with graceful restart; keep its paths in
    /// <paramref name="family"/> but mark them stale. They stay eligible (no rank change), so
    /// nothing is queued. Returns the number marked.
    /// </summary>
    public int MarkStale(RouteSource source, AddressFamily family)
    {
        var marked = 0;
        foreach (var (destination, _) in TableFor(family))
        {
            for (var i = 0; i < destination.PathCount; i++)
            {
                var path = destination.PathAt(i);
                if (path.Source.SamePeer(source))
                {
                    path.Set(RibPathFlags.Stale);
                    marked++;
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// RFC 9494 §4.2: the restart time ran out and long-lived GR was negotiated: the peer's paths in
    /// <paramref name="family"/> become long-lived stale (least preferred, §4.5, and queued so
    /// update generation adds LLGR_STALE), and those carrying NO_LLGR are removed. Returns the
    /// number kept.
    /// </summary>
    public int MarkLlgrStale(RouteSource source, AddressFamily family)
    {
        RemoveWhere(source, family, static path => path.Attributes.HasNoLlgrCommunity);
        var marked = 0;
        foreach (var (destination, _) in TableFor(family))
        {
            for (var i = 0; i < destination.PathCount; i++)
            {
                var path = destination.PathAt(i);
                if (path.Source.SamePeer(source) && (path.Flags & RibPathFlags.LlgrStale) == 0)
                {
                    path.Set(RibPathFlags.Stale | RibPathFlags.LlgrStale);
                    Touch(destination, path.IsBest
                        ? DestinationState.PathsChanged | DestinationState.BestStateChanged
                        : DestinationState.PathsChanged);
                    marked++;
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// RFC 4724 §4.2: End-of-RIB from the restarted peer (or the restart/stale timer expired):
    /// removes its paths in <paramref name="family"/> that are still stale. Returns the number removed.
    /// </summary>
    public int FlushStale(RouteSource source, AddressFamily family) =>
        RemoveWhere(source, family, static path => (path.Flags & (RibPathFlags.Stale | RibPathFlags.LlgrStale)) != 0);

    public bool TryGetDestination(IpPrefix prefix, [NotNullWhen(true)] out Destination? destination) =>
        TableFor(prefix.Afi).TryGet(prefix, out destination);

    /// <summary>The destinations of <paramref name="family"/>, unordered. Do not modify the RIB while enumerating.</summary>
    public IEnumerable<Destination> GetDestinations(AddressFamily family) => TableFor(family).Keys;

    /// <summary>
    /// Runs the decision process on every destination touched since the last drain and appends one
    /// <see cref="RibChange"/> per destination whose best path, multipath set or path set changed,
    /// at most <paramref name="maxChanges"/> (the rest stay queued: drain in slices so a large
    /// burst does not starve keepalives). Emptied destinations leave the table here. Returns the
    /// number appended.
    /// </summary>
    public int DrainChanges(List<RibChange> changes, int maxChanges = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ReleaseRetired();
        var produced = 0;
        while (produced < maxChanges && _queue.TryDequeue(out var destination))
        {
            var state = destination.State;
            destination.State = DestinationState.None;
            var selection = Selector.Select(destination);
            var oldBest = destination.Best;
            var newBest = selection.Best;
            var kind = RibChangeKind.None;
            if (!ReferenceEquals(oldBest, newBest))
            {
                oldBest?.Clear(RibPathFlags.Best);
                newBest?.Set(RibPathFlags.Best);
                destination.SetBest(newBest);
                if (oldBest is null || newBest is null || !SameAdvertisement(oldBest, newBest))
                {
                    kind |= RibChangeKind.BestPath;
                }
            }
            else if ((state & DestinationState.BestStateChanged) != 0)
            {
                kind |= RibChangeKind.BestPath;
            }

            if (Selector.UpdateMultipath(destination, newBest) || (state & DestinationState.MultipathMemberRemoved) != 0)
            {
                kind |= RibChangeKind.Multipath;
            }

            if ((state & DestinationState.PathsChanged) != 0)
            {
                kind |= RibChangeKind.Paths;
            }

            if (destination.PathCount == 0)
            {
                TableFor(destination.Prefix.Afi).Remove(destination.Prefix);
            }

            // A destination announced and emptied inside one batch was never published: nothing to say.
            if (kind != RibChangeKind.None && (oldBest is not null || newBest is not null))
            {
                changes.Add(new RibChange(destination, oldBest, newBest, kind, selection.Reason));
                produced++;
            }
        }

        if (_queue.Count == 0 && produced > QueueTrimThreshold)
        {
            // A burst (a full table from a new peer) grew the queue; do not keep its array for good.
            _queue.TrimExcess();
        }

        return produced;
    }

    private int RemoveWhere(RouteSource source, AddressFamily family, Func<RibPath, bool> predicate)
    {
        var removed = 0;
        foreach (var (destination, _) in TableFor(family))
        {
            for (var i = destination.PathCount - 1; i >= 0; i--)
            {
                var path = destination.PathAt(i);
                if (path.Source.SamePeer(source) && predicate(path))
                {
                    RemoveAt(destination, i);
                    removed++;
                }
            }
        }

        return removed;
    }

    private void RemoveAt(Destination destination, int index)
    {
        var old = destination.PathAt(index);
        destination.RemoveAt(index);
        PathCount--;
        Retire(destination, old);
        Touch(destination, DestinationState.PathsChanged);
    }

    /// <summary>Same peer, path id, attributes and long-lived staleness: what update generation would send is unchanged.</summary>
    private static bool SameAdvertisement(RibPath a, RibPath b) =>
        ReferenceEquals(a.Attributes, b.Attributes) && a.PathId == b.PathId && a.Source.SamePeer(b.Source) &&
        a.IsLlgrStale == b.IsLlgrStale;

    private void Retire(Destination destination, RibPath old)
    {
        if (old.IsMultipath)
        {
            destination.State |= DestinationState.MultipathMemberRemoved;
        }

        ReleaseReplaced(old);
    }

    /// <summary>Gives back a path's reference, or defers it while the path may be a change's <see cref="RibChange.OldBest"/>.</summary>
    private void ReleaseReplaced(RibPath old)
    {
        if (old.IsBest)
        {
            _retiredSinceDrain.Add(old.Attributes);
        }
        else
        {
            old.Attributes.Release();
        }
    }

    private void ReleaseRetired()
    {
        foreach (var attributes in _retiredAtLastDrain)
        {
            attributes.Release();
        }

        _retiredAtLastDrain.Clear();
        (_retiredAtLastDrain, _retiredSinceDrain) = (_retiredSinceDrain, _retiredAtLastDrain);
    }

    private void Touch(Destination destination, DestinationState state)
    {
        var previous = destination.State;
        destination.State = previous | state | DestinationState.Queued;
        if ((previous & DestinationState.Queued) == 0)
        {
            _queue.Enqueue(destination);
        }
    }

    private DestinationMap<NoValue> TableFor(Afi afi) => afi switch
    {
        Afi.Ipv4 => _ipv4,
        Afi.Ipv6 => _ipv6,
        _ => throw new ArgumentOutOfRangeException(nameof(afi), afi, "the Loc-RIB holds IPv4 and IPv6 unicast"),
    };

    private DestinationMap<NoValue> TableFor(AddressFamily family) =>
        family.Safi == Safi.Unicast
            ? TableFor(family.Afi)
            : throw new ArgumentOutOfRangeException(nameof(family), family, "the Loc-RIB holds IPv4 and IPv6 unicast");
}
