using System.Collections.Concurrent;
using System.Threading.Channels;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Routing;

/// <summary>
/// The routing core: one task that owns the Loc-RIB, applies what sessions receive, runs graceful
/// restart, and generates UPDATEs per update group. Sessions reach it through <see cref="IRouteSink"/>.
/// </summary>
/// <remarks>
/// <para><b>Threading.</b> Every session call posts a work item to one channel; one task handles
/// them in order and is the only writer of the <see cref="LocRib"/>, the groups and the per-peer
/// state. The import pipeline (RFC 7606 outcome, AS loop, import policy, interning) runs before
/// the post, on the session's own loop: <see cref="AttributeInterner"/> is thread-safe and policy
/// evaluation is pure, so that work spreads over the cores.</para>
/// <para><b>Propagation.</b> After each round of work items the Loc-RIB is drained in slices of
/// net changes; each slice marks prefixes dirty in every update group, and groups send what their
/// members' queues have room for (<see cref="UpdateGroup"/>). Queues are drained by each
/// connection's writer after its KEEPALIVEs, so keepalives never wait behind a table.</para>
/// <para><b>Graceful restart</b> (helper, RFC 4724 §4.2, RFC 9494): see <c>RoutingEngine.Peers.cs</c>.</para>
/// </remarks>
public sealed partial class RoutingEngine : IRouteSink, IAsyncDisposable
{
    private const int MaxItemsPerRound = 256;
    private const int MaxPumpsPerRound = 64;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RoutingEngineOptions _engineOptions;
    private readonly Channel<RoutingWork> _work = Channel.CreateUnbounded<RoutingWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LocRib _locRib;
    private readonly AttributeInterner _interner;
    private readonly RoutingContext _context;
    private readonly Dictionary<string, PeerRouting> _peers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PeerOptions> _peerOptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImportContext> _imports = new(StringComparer.Ordinal);
    private readonly List<UpdateGroup> _groups = [];
    private readonly Dictionary<UpdateGroupKey, UpdateGroup> _mainGroups = [];
    private readonly Dictionary<IpPrefix, OriginatedRoute> _local = [];
    private readonly List<RibChange> _changes = [];
    private readonly List<UpdateGroup.CatchUp> _caughtUp = [];
    private volatile SpeakerOptions _options;
    private RouteSource _localSource;
    private Task _loop = Task.CompletedTask;
    private int _nextGroupId;
    private int _pumpPosted;
    private int _started;

    public RoutingEngine(SpeakerOptions options, TimeProvider time, ILogger logger, RoutingEngineOptions? engineOptions = null,
        AttributeInterner? interner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _logger = logger;
        _engineOptions = engineOptions ?? new RoutingEngineOptions();
        _interner = interner ?? new AttributeInterner();
        _locRib = new LocRib(_engineOptions.Decision);
        _context = new RoutingContext(_locRib, _interner);
        _localSource = RouteSource.Local(options.LocalAs, LocalSpeaker.ToBgpIdentifier(options.RouterId));
        foreach (var peer in options.Peers)
        {
            _peerOptions[peer.Name] = peer;
        }

        _deferral = _engineOptions.Restarting ? NewDeferral(options) : null;
    }

    public SpeakerOptions Options => _options;

    /// <summary>The interner the engine's sets live in (shared with benchmarks and tests).</summary>
    public AttributeInterner Interner => _interner;

    /// <summary>UPDATEs encoded by all update groups so far (each once, however many peers got it).</summary>
    public long EncodedMessages { get; private set; }

    /// <summary>Starts the routing task and originates the configured routes.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        StartDeferralTimer();
        _loop = Task.Run(RunAsync);
        foreach (var route in _options.Originate)
        {
            Post(new RoutingWork.AddLocal(route, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
    }

    /// <summary>
    /// Applies a reloaded configuration without resetting any session: changed import policies are
    /// re-applied (soft reconfiguration, or ROUTE-REFRESH to the peer), changed export policies
    /// re-export, and the <c>originate</c> section is diffed.
    /// </summary>
    public Task ApplyAsync(SpeakerOptions next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Post(new RoutingWork.Apply(next, done)) ? done.Task : Task.CompletedTask;
    }

    /// <summary>Originates <paramref name="route"/> (or replaces the local route to its prefix); exported through every peer's policy.</summary>
    public Task AddLocalRouteAsync(OriginatedRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Post(new RoutingWork.AddLocal(route, done)) ? done.Task : Task.CompletedTask;
    }

    /// <summary>Withdraws the local route to <paramref name="prefix"/>; false when there was none.</summary>
    public Task<bool> RemoveLocalRouteAsync(IpPrefix prefix)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        return Post(new RoutingWork.RemoveLocal(prefix, done)) ? done.Task : Task.FromResult(false);
    }

    /// <summary>A snapshot of every Loc-RIB path of <paramref name="family"/>, in prefix order.</summary>
    public Task<IReadOnlyList<RouteSnapshot>> GetRoutesAsync(AddressFamily family, CancellationToken cancellationToken = default) =>
        QueryAsync<IReadOnlyList<RouteSnapshot>>(() => Snapshot(family), cancellationToken);

    /// <summary>Per configured peer: accepted paths, advertised routes, update group, stale families.</summary>
    public Task<IReadOnlyList<PeerRouteCounts>> GetPeerCountsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<IReadOnlyList<PeerRouteCounts>>(PeerCounts, cancellationToken);

    /// <summary>Completes once everything posted before it was handled and propagated as far as queues allow.</summary>
    public Task WhenProcessedAsync(CancellationToken cancellationToken = default) => QueryAsync(() => true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        foreach (var peer in _peers.Values)
        {
            peer.StopTimer();
        }

        _deferralTimer?.Dispose();
    }

    // ---- IRouteSink: called on the sessions' loops; never blocks them. ----

    public void OnEstablished(string peer, NegotiatedSession negotiated) => OnEstablished(peer, negotiated, null!);

    public void OnEstablished(string peer, NegotiatedSession negotiated, IUpdateOutlet outlet)
    {
        if (!_peerOptions.TryGetValue(peer, out var options))
        {
            return;
        }

        var source = RouteSource.ForPeer(peer, options.Address, negotiated.PeerAs, negotiated.LocalAs,
            LocalSpeaker.ToBgpIdentifier(negotiated.PeerRouterId), IsReflectorClient(options, negotiated.IsExternal));
        _imports[peer] = NewImportContext(source, options, negotiated.Families);
        Post(new RoutingWork.PeerUp(peer, negotiated, outlet, source));
    }

    public void OnUpdate(string peer, Bgp.Protocol.Messages.UpdateMessage update)
    {
        if (!_imports.TryGetValue(peer, out var context))
        {
            return;
        }

        var batch = RouteImporter.Convert(update, context, _interner);
        if (!Post(new RoutingWork.Imported(peer, batch)))
        {
            batch.Release();
        }
    }

    public void OnDown(string peer, string reason) => OnDown(peer, new SessionDown(reason));

    public void OnDown(string peer, SessionDown down)
    {
        _imports.TryRemove(peer, out _);
        Post(new RoutingWork.PeerDown(peer, down));
    }

    public void OnRouteRefresh(string peer, Bgp.Protocol.Messages.RouteRefreshMessage request) =>
        Post(new RoutingWork.RefreshRequested(peer, request));

    // ---- the routing task ----

    private bool Post(RoutingWork work) => _work.Writer.TryWrite(work);

    private async Task RunAsync()
    {
        var reader = _work.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var handled = 0;
            while (handled < MaxItemsPerRound && reader.TryRead(out var work))
            {
                try
                {
                    Handle(work);
                }
                catch (Exception ex)
                {
                    // A bug must not stop routing for every peer.
                    RoutingLog.Failure(_logger, ex, work.GetType().Name);
                }

                handled++;
            }

            try
            {
                Propagate();
            }
            catch (Exception ex)
            {
                RoutingLog.Failure(_logger, ex, "propagate");
            }
        }
    }

    private void Handle(RoutingWork work)
    {
        switch (work)
        {
            case RoutingWork.PeerUp up:
                OnPeerUp(up);
                break;
            case RoutingWork.Imported imported:
                OnImported(imported);
                break;
            case RoutingWork.PeerDown down:
                OnPeerDown(down.Peer, down.Down);
                break;
            case RoutingWork.RefreshRequested refresh:
                OnRefreshRequested(refresh.Peer, refresh.Request);
                break;
            case RoutingWork.TimerFired timer:
                OnTimer(timer);
                break;
            case RoutingWork.DeferralExpired:
                OnDeferralExpired();
                break;
            case InboundRefreshExpired expired:
                OnInboundRefreshExpired(expired);
                break;
            case RoutingWork.Pump:
                Volatile.Write(ref _pumpPosted, 0);
                break;
            case RoutingWork.Apply apply:
                try
                {
                    OnApply(apply.Options);
                }
                finally
                {
                    apply.Done.TrySetResult();
                }

                break;
            case RoutingWork.AddLocal add:
                AddLocal(add.Route);
                add.Done.TrySetResult();
                break;
            case RoutingWork.RemoveLocal remove:
                remove.Done.TrySetResult(RemoveLocal(remove.Prefix));
                break;
            case RoutingWork.Query query:
                // Queries see the RIB after what was posted before them has propagated.
                Propagate();
                query.Run();
                break;
        }
    }

    private Task<T> QueryAsync<T>(Func<T> query, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(new RoutingWork.Query(() =>
            {
                try
                {
                    done.TrySetResult(query());
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                }
            })))
        {
            done.TrySetException(new ObjectDisposedException(nameof(RoutingEngine)));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    private PeerRouting PeerFor(string name)
    {
        if (!_peers.TryGetValue(name, out var peer))
        {
            peer = new PeerRouting(_peerOptions.TryGetValue(name, out var options)
                ? options
                : new PeerOptions { Name = name, Address = System.Net.IPAddress.None, RemoteAs = 0 });
            _peers[name] = peer;
        }

        return peer;
    }

    private ImportContext NewImportContext(RouteSource source, PeerOptions options, AddressFamilySet families) => new(
        source,
        ImportChainNow(options),
        options.LocalAs ?? _options.LocalAs,
        options.AllowAsIn,
        families,
        options.SoftReconfigurationInbound,
        LocalSpeaker.ToBgpIdentifier(_options.RouterId),
        ReflectorClusterId,
        Reflection);

    private void OnImported(RoutingWork.Imported imported)
    {
        var batch = imported.Batch;
        try
        {
            if (!_peers.TryGetValue(imported.Peer, out var peer) || !ReferenceEquals(peer.Source, batch.Source))
            {
                return;
            }

            var source = batch.Source;
            foreach (var route in batch.Routes)
            {
                var prefix = route.Route.Prefix;
                if (route.Attributes is { } attributes)
                {
                    var existed = _locRib.TryGetDestination(prefix, out var destination) && destination.IndexOf(source, route.Route.PathId) >= 0;
                    _locRib.Update(source, prefix, route.Route.PathId, attributes);
                    if (!existed)
                    {
                        peer.AcceptedPaths++;
                    }
                }
                else if (_locRib.Withdraw(source, prefix, route.Route.PathId))
                {
                    peer.AcceptedPaths--;
                }

                ReceivedDuringRefresh(peer, route.Route);
                if (peer.AdjRibIn is { KeepsPrePolicy: true } adjRibIn)
                {
                    if (route.PrePolicy is { } received)
                    {
                        adjRibIn.SetPrePolicy(route.Route, received);
                    }
                    else
                    {
                        adjRibIn.RemovePrePolicy(route.Route);
                    }
                }
            }

            if (batch.EndOfRib is { } family)
            {
                OnEndOfRib(peer, family);
            }
            else if (_logger.IsEnabled(LogLevel.Debug))
            {
                RoutingLog.Batch(_logger, peer.Name, batch.Routes.Count, peer.AcceptedPaths);
            }
        }
        finally
        {
            batch.Release();
        }
    }

    private void Propagate()
    {
        while (_locRib.PendingChangeCount > 0)
        {
            _changes.Clear();
            _locRib.DrainChanges(_changes, _engineOptions.ChangeSlice);
            foreach (var group in _groups)
            {
                group.Offer(_changes);
            }

            PumpGroups();
        }

        _changes.Clear();
        PumpGroups();
    }

    private void PumpGroups()
    {
        var again = false;
        for (var i = 0; i < _groups.Count; i++)
        {
            var group = _groups[i];
            var pumps = 0;
            bool more;
            do
            {
                var before = group.EncodedMessages;
                _caughtUp.Clear();
                more = group.Pump(_engineOptions.PrefixesPerPump, WakeGroup, out var walkCompleted, _caughtUp);
                EncodedMessages += group.EncodedMessages - before;
                if (walkCompleted)
                {
                    OnWalkCompleted(group);
                }

                foreach (var catchUp in _caughtUp)
                {
                    OnCatchUpCompleted(group, catchUp);
                }
            }
            while (more && ++pumps < MaxPumpsPerRound);

            again |= more;
        }

        MergeIdleGroups();
        if (again)
        {
            // Budget spent with work left: let other work items in, then go on.
            WakeGroup(null);
        }
    }

    private void WakeGroup(UpdateGroup? group)
    {
        if (Interlocked.Exchange(ref _pumpPosted, 1) == 0)
        {
            Post(new RoutingWork.Pump());
        }
    }

    private List<RouteSnapshot> Snapshot(AddressFamily family)
    {
        var routes = new List<RouteSnapshot>();
        foreach (var destination in _locRib.GetDestinations(family))
        {
            foreach (var path in destination.Paths)
            {
                routes.Add(new RouteSnapshot(destination.Prefix, path.PathId, path.Source.Name, path.Attributes.Attributes, path.IsBest,
                    path.IsStale || path.IsLlgrStale)
                {
                    IsMultipath = path.IsMultipath,
                    IsLlgrStale = path.IsLlgrStale,
                });
            }
        }

        routes.Sort((a, b) => a.Prefix.CompareTo(b.Prefix) is var byPrefix and not 0 ? byPrefix
            : a.IsBest != b.IsBest ? (a.IsBest ? -1 : 1)
            : string.CompareOrdinal(a.Source, b.Source) is var bySource and not 0 ? bySource
            : a.PathId.CompareTo(b.PathId));
        return routes;
    }

    private List<PeerRouteCounts> PeerCounts()
    {
        var counts = new List<PeerRouteCounts>();
        foreach (var options in _options.Peers.Concat(DynamicPeerOptions()))
        {
            var peer = PeerFor(options.Name);
            counts.Add(new PeerRouteCounts(peer.Name, peer.IsEstablished, peer.AcceptedPaths, peer.Group?.AdjRibOut.Count ?? 0,
                peer.Group?.Id ?? 0, (peer.StaleFamilies | peer.LlgrFamilies).ToString()));
        }

        return counts;
    }

    // ---- origination ----

    private void AddLocal(OriginatedRoute route)
    {
        var isIpv6 = route.Prefix.Afi == Bgp.Protocol.Iana.Afi.Ipv6;
        MpNextHop? nextHop = route.NextHop is { } address ? MpNextHop.FromIPAddress(address) : null;
        var attributes = new PathAttributes
        {
            Origin = route.Origin,
            AsPath = AsPath.Empty,
            NextHop = !isIpv6 && nextHop is { IsIpv6: false } v4 ? (uint)v4.Global : null,
            MultiExitDisc = route.MultiExitDisc,
            LocalPref = route.LocalPref,
            Communities = route.Communities,
            LargeCommunities = route.LargeCommunities,
            MpReach = isIpv6 && nextHop is { } v6 ? new MpReachNlri(AddressFamily.Ipv6Unicast, v6, []) : null,
        };
        var set = _interner.Intern(attributes, isIpv6 && nextHop is not null ? NlriCarrier.MpReach : NlriCarrier.NlriField);
        try
        {
            _locRib.Update(_localSource, route.Prefix, 0, set);
            _local[route.Prefix] = route;
        }
        finally
        {
            set.Release();
        }
    }

    private bool RemoveLocal(IpPrefix prefix)
    {
        _local.Remove(prefix);
        return _locRib.Withdraw(_localSource, prefix, 0);
    }
}
