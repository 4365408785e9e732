using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// Peers whose outbound UPDATEs are byte-identical (<see cref="UpdateGroupKey"/>): one
/// Adj-RIB-Out, one export evaluation and one encoding per change, the same bytes queued to every
/// member except the member a route came from (sender exclusion).
/// </summary>
/// <remarks>
/// <para><b>Pull, not push.</b> Loc-RIB changes only mark prefixes dirty (<see cref="Offer"/>);
/// <see cref="Pump"/> computes the current advertisement of dirty prefixes from the Loc-RIB,
/// diffs it against the Adj-RIB-Out and sends the difference, while every member's outbound queue
/// is under the high-water mark. A slow peer makes its group wait (its send-hold timer ends it if
/// it never reads), never the routing task, and a prefix that flaps while the group waits is sent once.</para>
/// <para><b>Walks.</b> A new member's initial table, a route refresh, or a changed export policy is
/// a walk over the Loc-RIB that computes every prefix again (against a copy of the Adj-RIB-Out when
/// the member already has routes). A new member gets a group of its own, which the engine merges into
/// the group with the same key once both are idle: then their Adj-RIB-Outs are equal by construction.</para>
/// </remarks>
internal sealed class UpdateGroup
{
    /// <summary>A member whose queue holds more than this makes the group wait.</summary>
    public const long HighWater = 512 * 1024;

    /// <summary>The group is woken when a waiting member's queue drains to this.</summary>
    public const long LowWater = 128 * 1024;

    private const int ExportCacheLimit = 16_384;

    private readonly RoutingContext _context;
    private readonly List<PeerRouting> _members = [];
    private readonly HashSet<string> _memberNames = new(StringComparer.Ordinal);
    // Dirty prefixes in order, deduplicated by prefix: 8 + ~16 bytes each (a burst marks every prefix).
    private readonly Queue<Destination> _pending = new();
    private readonly DestinationMap<NoValue> _pendingSet = new();
    private readonly UpdateBuilder _builder = new();
    private readonly AttributeEncodingCache _encodings = new();
    private readonly Dictionary<(RouteAttributes Attributes, byte Flags), RouteAttributes?> _exportCache = [];
    private readonly List<(uint Id, RibPath Path)> _candidates = [];
    private readonly List<OutRoute> _wanted = [];
    private readonly List<CatchUp> _catchUps = [];
    private readonly UpdateBuilder _catchUpBuilder = new();
    private Destination[]? _walk;
    private int _walkIndex;
    private bool _walkForce;


    public UpdateGroup(int id, UpdateGroupKey key, PolicyChain chain, RoutingContext context, AdjRibOut? adjRibOut = null)
    {
        Id = id;
        Key = key;
        Chain = chain;
        _context = context;
        AdjRibOut = adjRibOut ?? new AdjRibOut();
    }

    public int Id { get; }

    public UpdateGroupKey Key { get; private set; }

    public PolicyChain Chain { get; private set; }

    public AdjRibOut AdjRibOut { get; }

    public IReadOnlyList<PeerRouting> Members => _members;

    /// <summary>Registered as the group for its key (others with the same key merge into it).</summary>
    public bool IsMain { get; set; }

    public bool IsWalking => _walk is not null;

    /// <summary>Nothing to send: no dirty prefix, no walk, no member catching up.</summary>
    public bool IsIdle => _walk is null && _pending.Count == 0 && _catchUps.Count == 0;

    /// <summary>UPDATEs encoded by this group (each once, however many members).</summary>
    public long EncodedMessages => _builder.EncodedMessages + _catchUpBuilder.EncodedMessages;

    /// <summary><paramref name="member"/> is still being sent the routes the group had when it joined.</summary>
    public bool IsCatchingUp(PeerRouting member)
    {
        foreach (var catchUp in _catchUps)
        {
            if (catchUp.Members.Contains(member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sends <paramref name="member"/> (already a member, so it gets every change from now on) what
    /// the group advertised before, for <paramref name="families"/>: a new member's initial table,
    /// or a route refresh's re-send (RFC 2918 §4). Reads the Adj-RIB-Out as it is when each prefix's
    /// turn comes, so a change in between is never undone.
    /// </summary>
    /// <remarks>
    /// Members queue behind the catch-up being sent, and every member that joined meanwhile shares
    /// the next one: its snapshot of the Adj-RIB-Out's prefixes is taken when it starts, not when
    /// they joined. That covers what each had to be sent (a prefix withdrawn in between was
    /// withdrawn to them as members; one changed in between is sent again, current), and 100
    /// clients connecting during a table burst cost one snapshot and one encoding at a time, not
    /// 100 snapshots of up to a million prefixes each.
    /// </remarks>
    public void StartCatchUp(PeerRouting member, AddressFamilySet families, bool refresh)
    {
        if (_catchUps.Count > 0 && _catchUps[^1] is { Prefixes: null } open && open.Families == families && open.Refresh == refresh)
        {
            open.Members.Add(member);
            return;
        }

        _catchUps.Add(new CatchUp([member], families, refresh));
    }

    public void Add(PeerRouting member)
    {
        _members.Add(member);
        _memberNames.Add(member.Name);
        member.Group = this;
    }

    public void Remove(PeerRouting member)
    {
        _members.Remove(member);
        _memberNames.Remove(member.Name);

        // Its catch-up was for the session that left: back in the group (the same PeerRouting,
        // a new session), it would get the rest of that one, and its End-of-RIB, before its own.
        foreach (var catchUp in _catchUps)
        {
            catchUp.Members.Remove(member);
        }

        if (ReferenceEquals(member.Group, this))
        {
            member.Group = null;
        }
    }

    /// <summary>New key and chain after a reload: cached exports are dropped; the caller starts a walk.</summary>
    public void Rekey(UpdateGroupKey key, PolicyChain chain)
    {
        Key = key;
        Chain = chain;
        ClearExportCache();
    }

    /// <summary>Marks the prefixes of a drained batch dirty.</summary>
    public void Offer(List<RibChange> changes)
    {
        foreach (var change in changes)
        {
            var family = FamilyOf(change.Prefix);
            if (!Key.Families.Contains(family))
            {
                continue;
            }

            // Without ADD-PATH only the best path is advertised; with it, any path change matters.
            if (change.BestChanged || (change.PathsChanged && Key.AddPath(family)))
            {
                MarkDirty(change.Destination);
            }
        }
    }

    public void MarkDirty(IpPrefix prefix) =>
        MarkDirty(_context.LocRib.TryGetDestination(prefix, out var destination) ? destination : new Destination(prefix));

    /// <summary>Marks the prefix of <paramref name="destination"/> dirty (a destination object gone from the Loc-RIB will do: only its prefix is used).</summary>
    public void MarkDirty(Destination destination)
    {
        if (_pendingSet.Add(destination))
        {
            _pending.Enqueue(destination);
        }
    }

    /// <summary>
    /// Starts computing every prefix of <paramref name="families"/> again; with
    /// <paramref name="force"/> unchanged routes are sent again too (route refresh, RFC 2918 §4).
    /// </summary>
    public void StartWalk(LocRib locRib, AddressFamilySet families, bool force)
    {
        // One exact array (a 1M-prefix table is 8 MiB; a growing list and its copy were three times that).
        var destinations = new Destination[locRib.DestinationCount];
        var count = 0;
        foreach (var family in new[] { AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast })
        {
            if (families.Contains(family) && Key.Families.Contains(family))
            {
                foreach (var destination in locRib.GetDestinations(family))
                {
                    destinations[count++] = destination;
                }

                if (!force)
                {
                    // Prefixes advertised but gone from the Loc-RIB must be withdrawn too.
                    foreach (var (prefix, _) in AdjRibOut.All())
                    {
                        if (FamilyOf(prefix) == family && !locRib.TryGetDestination(prefix, out _))
                        {
                            MarkDirty(prefix);
                        }
                    }
                }
            }
        }

        _walk = count == destinations.Length ? destinations : destinations[..count];
        _walkIndex = 0;
        _walkForce |= force;
    }

    /// <summary>
    /// Sends what is due while every member has room, at most <paramref name="maxPrefixes"/>
    /// prefixes. Returns true when work remains and the group could go on (call again soon); false
    /// when it is idle or waits for a member's queue to drain (<paramref name="wake"/> is called then).
    /// Sets <paramref name="walkCompleted"/> when a walk ended in this call.
    /// </summary>
    public bool Pump(int maxPrefixes, Action<UpdateGroup> wake, out bool walkCompleted, List<CatchUp> caughtUp)
    {
        walkCompleted = false;
        if (IsIdle)
        {
            return false;
        }

        if (!HasCredit(wake))
        {
            return false;
        }

        var locRib = _context.LocRib;
        var done = 0;
        while (done < maxPrefixes && _pending.TryDequeue(out var dirty))
        {
            _pendingSet.Remove(dirty.Prefix);
            Compute(dirty.Prefix, force: false);
            done++;
            if (_pending.Count == 0)
            {
                // A burst (a full table) grew the queue: do not keep its array for good.
                _pending.TrimExcess();
            }
        }

        while (done < maxPrefixes && _walk is { } walk && _walkIndex < walk.Length)
        {
            var prefix = walk[_walkIndex];
            walk[_walkIndex++] = null!;
            if (_pendingSet.Remove(prefix.Prefix))
            {
                // Computed now; its queued entry will find nothing to do.
            }

            Compute(prefix.Prefix, _walkForce);
            done++;
        }

        if (_walk is { } finished && _walkIndex >= finished.Length)
        {
            _walk = null;
            _walkForce = false;
            walkCompleted = true;
        }

        Flush();
        while (done < maxPrefixes && _catchUps.Count > 0)
        {
            var catchUp = _catchUps[0];
            done += SendCatchUp(catchUp, maxPrefixes - done);
            if (catchUp.Index < catchUp.Prefixes!.Length)
            {
                break;
            }

            _catchUps.RemoveAt(0);
            caughtUp.Add(catchUp);
        }

        if (_exportCache.Count > ExportCacheLimit)
        {
            ClearExportCache();
        }

        return !IsIdle;
    }

    /// <summary>Re-sends up to <paramref name="budget"/> prefixes of the Adj-RIB-Out to a catch-up's members.</summary>
    private int SendCatchUp(CatchUp catchUp, int budget)
    {
        var done = 0;
        var members = catchUp.Members;
        members.RemoveAll(member => !ReferenceEquals(member.Group, this));
        if (members.Count == 0)
        {
            // Everyone it was for has left: nothing to snapshot or send.
            catchUp.Prefixes ??= [];
            catchUp.Index = catchUp.Prefixes.Length;
            return 0;
        }

        var prefixes = catchUp.Prefixes ??= AdjRibOut.Destinations(catchUp.Families & Key.Families);
        while (done < budget && catchUp.Index < prefixes.Length)
        {
            var prefix = prefixes[catchUp.Index++].Prefix;
            done++;
            if (Key.AddPath(FamilyOf(prefix)))
            {
                foreach (var route in AdjRibOut.GetPaths(prefix))
                {
                    _catchUpBuilder.Announce(route.Attributes, route.Source, new NlriEntry(prefix, route.PathId));
                }
            }
            else if (AdjRibOut.TryGet(prefix, out var route))
            {
                _catchUpBuilder.Announce(route.Attributes, route.Source, new NlriEntry(prefix));
            }
        }

        if (!_catchUpBuilder.IsEmpty)
        {
            _catchUpBuilder.Flush(members, Key.Encode, _encodings);
        }

        return done;
    }

    /// <summary>Queues <paramref name="message"/> (End-of-RIB, BoRR, EoRR) to one member, behind what was sent before.</summary>
    public static void SendTo(PeerRouting member, ReadOnlyMemory<byte> message) => member.Outlet?.Enqueue(message);

    /// <summary>Gives back every reference the group holds.</summary>
    public void Dispose()
    {
        _catchUps.Clear();
        ClearExportCache();
        AdjRibOut.Clear();
        _pending.Clear();
        _pendingSet.Clear();
        _walk = null;
    }

    public override string ToString() => $"group {Id} ({_members.Count} peers, {AdjRibOut.Count} routes, {Key})";

    internal static AddressFamily FamilyOf(IpPrefix prefix) =>
        prefix.Afi == Afi.Ipv6 ? AddressFamily.Ipv6Unicast : AddressFamily.Ipv4Unicast;

    /// <summary>
    /// True when every member's queue has room; otherwise asks the first full member's outlet to
    /// wake the group when it drains (or closes).
    /// </summary>
    /// <remarks>
    /// Asked again every time the group finds itself waiting, never once per wait: the wake-up a
    /// group got may come from a member that drained (or left) while another is still full, and
    /// an outlet keeps one request, so another group's may have replaced this one. Asking only
    /// once left the group waiting for good on a queue nobody would report on.
    /// </remarks>
    private bool HasCredit(Action<UpdateGroup> wake)
    {
        foreach (var member in _members)
        {
            if (member.Outlet is { IsClosed: false } outlet && outlet.QueuedBytes > HighWater)
            {
                outlet.NotifyWhenDrained(LowWater, () => wake(this));
                return false;
            }
        }

        return true;
    }

    private void Flush()
    {
        if (_builder.IsEmpty)
        {
            return;
        }

        _builder.Flush(_members, Key.Encode, _encodings);
    }

    /// <summary>Computes what the group should advertise for <paramref name="prefix"/> now and records the difference.</summary>
    private void Compute(IpPrefix prefix, bool force)
    {
        var family = FamilyOf(prefix);
        _context.LocRib.TryGetDestination(prefix, out var destination);
        if (Key.AddPath(family))
        {
            ComputePaths(prefix, family, destination, force);
            return;
        }

        var best = destination?.Best;
        var wanted = best is null ? null : Export(prefix, best);
        var entry = new NlriEntry(prefix);
        if (AdjRibOut.TryGet(prefix, out var current))
        {
            if (wanted is null)
            {
                AdjRibOut.Remove(prefix, out _);
                _builder.Withdraw(family, MemberOrNull(current.Source), entry);
                current.Attributes.Release();
                return;
            }

            if (!force && ReferenceEquals(current.Attributes, wanted) && current.Source.SamePeer(best!.Source))
            {
                wanted.Release();
                return;
            }

            AdjRibOut.Set(destination!, new OutRoute(0, wanted, best!.Source));
            current.Attributes.Release();
            Announce(wanted, best.Source, entry);
            if (!current.Source.SamePeer(best.Source) && MemberOrNull(best.Source) is { } now)
            {
                // The new source got the old route from us: it must not keep it.
                _builder.WithdrawFrom(family, now, entry);
            }
        }
        else if (wanted is not null)
        {
            AdjRibOut.Set(destination!, new OutRoute(0, wanted, best!.Source));
            Announce(wanted, best.Source, entry);
        }
    }

    /// <summary>ADD-PATH send (RFC 7911): every exportable path, or the best <see cref="UpdateGroupKey.AddPathSendMax"/>, each with a stable path id.</summary>
    private void ComputePaths(IpPrefix prefix, AddressFamily family, Destination? destination, bool force)
    {
        _wanted.Clear();
        if (destination is not null && destination.PathCount > 0)
        {
            OrderCandidates(destination);
            var max = Key.AddPathSendMax > 0 ? Key.AddPathSendMax : int.MaxValue;
            foreach (var (id, path) in _candidates)
            {
                if (_wanted.Count >= max)
                {
                    break;
                }

                if (Export(prefix, path) is { } exported)
                {
                    _wanted.Add(new OutRoute(id, exported, path.Source));
                }
            }
        }

        var current = AdjRibOut.GetPaths(prefix);
        if (current.Length == 0 && _wanted.Count == 0)
        {
            return;
        }

        foreach (var old in current)
        {
            var kept = false;
            foreach (var route in _wanted)
            {
                kept |= route.PathId == old.PathId;
            }

            if (!kept)
            {
                _builder.Withdraw(family, MemberOrNull(old.Source), new NlriEntry(prefix, old.PathId));
            }
        }

        foreach (var route in _wanted)
        {
            var same = false;
            foreach (var old in current)
            {
                same |= old.PathId == route.PathId && ReferenceEquals(old.Attributes, route.Attributes) && old.Source.SamePeer(route.Source);
            }

            if (!same || force)
            {
                Announce(route.Attributes, route.Source, new NlriEntry(prefix, route.PathId));
            }
        }

        AdjRibOut.SetPaths(prefix, [.. _wanted]);
        foreach (var old in current)
        {
            old.Attributes.Release();
        }
    }

    /// <summary>The destination's paths, best first, then in decision order when only the best N are sent.</summary>
    private void OrderCandidates(Destination destination)
    {
        _candidates.Clear();
        var best = destination.Best;
        if (best is not null)
        {
            _candidates.Add((_context.PathIds.Get(best.Source.Name, best.PathId), best));
        }

        foreach (var path in destination.Paths)
        {
            if (!ReferenceEquals(path, best))
            {
                _candidates.Add((_context.PathIds.Get(path.Source.Name, path.PathId), path));
            }
        }

        if (Key.AddPathSendMax > 0 && _candidates.Count > Key.AddPathSendMax + 1)
        {
            var comparer = _context.LocRib.Selector.Comparer;
            _candidates.Sort(1, _candidates.Count - 1, Comparer<(uint Id, RibPath Path)>.Create((a, b) => comparer.Compare(a.Path, b.Path).Result));
        }
    }

    private void Announce(RouteAttributes attributes, RouteSource source, NlriEntry entry) =>
        _builder.Announce(attributes, source, entry);

    /// <summary>The member name to exclude for a route from <paramref name="source"/>, or null when the source is not a member.</summary>
    private string? MemberOrNull(RouteSource source) => _memberNames.Contains(source.Name) ? source.Name : null;

    /// <summary>
    /// The attributes <paramref name="path"/> is advertised with to this group (interned; the caller
    /// owns one reference), or null when the path rules or export policy hold it back.
    /// </summary>
    private RouteAttributes? Export(IpPrefix prefix, RibPath path)
    {
        var key = Key;
        if (!PathRules.MayAdvertise(path, key))
        {
            return null;
        }

        var source = path.Source;
        var cacheable = Chain.IsEmpty;
        var flags = (byte)((byte)source.Kind | ((path.Flags & RibPathFlags.LlgrStale) != 0 ? 0x10 : 0) | (prefix.Afi == Afi.Ipv6 ? 0x20 : 0));
        if (cacheable && _exportCache.TryGetValue((path.Attributes, flags), out var cached))
        {
            return cached?.AddRef();
        }

        var attributes = path.Attributes.Attributes;
        MpNextHop? policyNextHop = null;
        var nextHopSelf = false;
        var setMed = false;
        if (!cacheable)
        {
            var route = new PolicyRoute(prefix, attributes)
            {
                Source = source.IsLocal ? Policy.RouteSourceKind.Local : Policy.RouteSourceKind.Bgp,
                FromPeer = source.IsLocal ? null : source.Name,
                Session = key.External ? SessionType.External : SessionType.Internal,
                LocalAs = key.LocalAs,
            };
            var result = Chain.Evaluate(route);
            if (!result.IsAccepted)
            {
                return null;
            }

            if (result.NextHopSet)
            {
                policyNextHop = result.NextHop;
            }

            nextHopSelf = result.NextHopSelf;
            setMed = result.Attributes.MultiExitDisc is not null && result.Attributes.MultiExitDisc != attributes.MultiExitDisc;
            attributes = result.Attributes;
        }

        var exported = PathRules.Transform(attributes, prefix, path, key, policyNextHop, nextHopSelf, setMed);
        var interned = _context.Interner.Intern(exported, prefix.Afi == Afi.Ipv6 ? NlriCarrier.MpReach : NlriCarrier.NlriField);
        if (cacheable)
        {
            _exportCache[(path.Attributes, flags)] = interned.AddRef();
        }

        return interned;
    }

    private void ClearExportCache()
    {
        foreach (var set in _exportCache.Values)
        {
            set?.Release();
        }

        _exportCache.Clear();
    }

    /// <summary>Members being sent the Adj-RIB-Out as it stood when they started (a snapshot of its prefixes).</summary>
    internal sealed record CatchUp(List<PeerRouting> Members, AddressFamilySet Families, bool Refresh)
    {
        /// <summary>The Adj-RIB-Out's destinations when this catch-up started; null while it waits its turn (members may still join).</summary>
        public Destination[]? Prefixes { get; set; }

        public int Index { get; set; }
    }
}
