using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Routing;

/// <summary>
/// How a reloaded policy reaches the routes already held, never by a session reset (issue 4), and
/// the receiving side of enhanced route refresh (RFC 7313 §4) that the import side relies on.
/// <list type="bullet">
/// <item><b>Import.</b> A peer whose import chain changed (other names, or a policy or prefix set
/// it uses was redefined: <see cref="Policy.PolicyReload"/>), or whose <c>allowAsIn</c> changed, is
/// re-evaluated. With <c>softReconfigurationInbound</c> its kept pre-policy routes run through the
/// new chain at once. Otherwise it is sent a ROUTE-REFRESH per family (RFC 2918 §3) and its routes go
/// through the new chain as it re-sends them; with enhanced route refresh its BoRR marks its paths
/// stale and its EoRR removes those it did not send again (RFC 7313 §4). A peer with neither keeps
/// its routes as they are and a warning says the change applies to its new UPDATEs only.</item>
/// <item><b>Export.</b> A peer whose export chain changed has a new update group key: its group
/// walks the Loc-RIB again against the Adj-RIB-Out, or the peer moves to a group of its own with a
/// copy of what it was sent, so only the difference goes out: new or changed routes as UPDATEs,
/// routes the new chain rejects as withdrawals (see <c>OnApply</c>).</item>
/// </list>
/// </summary>
public sealed partial class RoutingEngine
{
    /// <summary>Rejects every route: the import chain of a session that came up while a reload swapped the policies.</summary>
    private static readonly PolicyChain ReloadInProgress = new([new RoutePolicy("(reload in progress)", [], PolicyDecision.Reject)]);

    /// <summary>
    /// The import side of a reload for one established peer: a pre-policy store switched on or off,
    /// then the chain re-applied when it (or <c>allowAsIn</c>) changed.
    /// </summary>
    private void ApplyImportChange(PeerRouting peer, PeerOptions before, bool chainChanged, NegotiatedSession negotiated)
    {
        var options = peer.Options;
        if (before.SoftReconfigurationInbound != options.SoftReconfigurationInbound && peer.Source is { } source)
        {
            peer.AdjRibIn?.ClearPrePolicy();
            peer.AdjRibIn = new AdjRibIn(_locRib, source, options.SoftReconfigurationInbound);
            peer.PrePolicyAwaitingRefresh = null;
            if (options.SoftReconfigurationInbound)
            {
                // The new store is empty: one route refresh fills it and applies the chain as well.
                RequestRefresh(peer, negotiated, "softReconfigurationInbound turned on");
                return;
            }
        }

        if (chainChanged || before.AllowAsIn != options.AllowAsIn)
        {
            ReapplyImport(peer, negotiated);
        }
    }

    /// <summary>
    /// RFC 2918 §3: asks the peer to send its Adj-RIB-Out again in every negotiated family; its
    /// routes then pass the current import chain. Without the capability, says what is left to do.
    /// </summary>
    private void RequestRefresh(PeerRouting peer, NegotiatedSession negotiated, string why)
    {
        if (!negotiated.RouteRefresh || peer.Outlet is not { } outlet)
        {
            if (peer.Options.SoftReconfigurationInbound)
            {
                RoutingLog.StoreFillsWithNewUpdates(_logger, peer.Name, why);
            }
            else
            {
                RoutingLog.CannotRefresh(_logger, peer.Name, why);
            }

            return;
        }

        foreach (var family in Families)
        {
            if (negotiated.Families.Contains(family))
            {
                // RFC 7313 §3: the request itself is always subtype 0; the peer answers between BoRR and EoRR.
                outlet.Enqueue(RefreshMessage(family, RouteRefreshSubtype.Normal));
            }
        }

        RoutingLog.RefreshSent(_logger, peer.Name, why, negotiated.Families, negotiated.EnhancedRouteRefresh);
    }

    /// <summary>
    /// RFC 7313 §4: the peer's BoRR marks its paths in the family stale; its EoRR removes those still
    /// stale, that is, not sent again in between (re-sent ones replaced them, see <see cref="LocRib.Update"/>).
    /// </summary>
    private void OnRefreshMarker(PeerRouting peer, NegotiatedSession negotiated, RouteRefreshMessage marker)
    {
        var family = marker.Family;
        if (!negotiated.EnhancedRouteRefresh || !negotiated.Families.Contains(family) || peer.Source is not { } source)
        {
            // RFC 7313 §4: these procedures apply only once the peer advertised the capability.
            return;
        }

        var flag = AddressFamilySetExtensions.ToFlag(family);
        if (marker.Subtype == RouteRefreshSubtype.BeginningOfRouteRefresh)
        {
            // RFC 7313 §4: a peer with graceful restart MUST NOT send a BoRR before its End-of-RIB;
            // one received before it MUST be ignored, so restart cleanup and refresh stay apart.
            if (negotiated.PeerGracefulRestart is not null && !peer.EndOfRibReceived.Contains(family))
            {
                RoutingLog.BorrBeforeEndOfRib(_logger, peer.Name, family);
                return;
            }

            var marked = _locRib.MarkStale(source, family);
            peer.InboundRefresh |= flag;
            if (peer.AdjRibIn is { KeepsPrePolicy: true } adjRibIn)
            {
                var awaiting = peer.PrePolicyAwaitingRefresh ??= [];
                foreach (var (route, _) in adjRibIn.GetPrePolicyRoutes())
                {
                    if (UpdateGroup.FamilyOf(route.Prefix) == family)
                    {
                        awaiting.Add(route);
                    }
                }
            }

            RoutingLog.InboundRefreshStarted(_logger, peer.Name, family, marked);
            StartInboundRefreshTimer(peer);
            return;
        }

        if (!peer.InboundRefresh.Contains(family))
        {
            // RFC 7313 §4: an EoRR without a BoRR MAY be ignored.
            RoutingLog.EorrWithoutBorr(_logger, peer.Name, family);
            return;
        }

        EndInboundRefresh(peer, family, source, expired: false);
    }

    /// <summary>
    /// RFC 7313 §4 allows an upper bound on how long stale routes wait for the EoRR: the stale-path
    /// time (<see cref="RoutingEngineOptions.StalePathTime"/>), counted from the latest BoRR.
    /// </summary>
    private void StartInboundRefreshTimer(PeerRouting peer)
    {
        peer.InboundRefreshTimer?.Dispose();
        var name = peer.Name;
        var epoch = peer.Epoch;
        peer.InboundRefreshTimer = _time.CreateTimer(_ => Post(new InboundRefreshExpired(name, epoch)), null,
            _engineOptions.StalePathTime, Timeout.InfiniteTimeSpan);
    }

    private void OnInboundRefreshExpired(InboundRefreshExpired expired)
    {
        if (!_peers.TryGetValue(expired.Peer, out var peer) || peer.Epoch != expired.Epoch || peer.Source is not { } source)
        {
            return;
        }

        foreach (var family in Families)
        {
            if (peer.InboundRefresh.Contains(family))
            {
                EndInboundRefresh(peer, family, source, expired: true);
            }
        }
    }

    /// <summary>RFC 7313 §4: removes the paths (and kept pre-policy routes) of <paramref name="family"/> still stale.</summary>
    private void EndInboundRefresh(PeerRouting peer, AddressFamily family, RouteSource source, bool expired)
    {
        peer.InboundRefresh &= ~AddressFamilySetExtensions.ToFlag(family);
        if (peer.InboundRefresh == AddressFamilySet.None)
        {
            peer.InboundRefreshTimer?.Dispose();
            peer.InboundRefreshTimer = null;
        }

        var removed = _locRib.FlushStale(source, family);
        peer.AcceptedPaths -= removed;
        var forgotten = 0;
        if (peer.PrePolicyAwaitingRefresh is { } left)
        {
            foreach (var route in left.Where(route => UpdateGroup.FamilyOf(route.Prefix) == family).ToArray())
            {
                left.Remove(route);
                forgotten += peer.AdjRibIn?.RemovePrePolicy(route) == true ? 1 : 0;
            }

            if (left.Count == 0)
            {
                peer.PrePolicyAwaitingRefresh = null;
            }
        }

        RoutingLog.InboundRefreshEnded(_logger, peer.Name, family, expired ? "no EoRR within the stale-path time" : "EoRR", removed, forgotten,
            peer.AcceptedPaths);
    }

    /// <summary>
    /// The import chain of <paramref name="options"/> under the current policy set. A session's loop
    /// may read the options while a reload replaces them; a name the set it saw does not define gives
    /// a chain that rejects everything for that moment, and <see cref="RenewImportContext"/> repairs it.
    /// </summary>
    private PolicyChain ImportChainNow(PeerOptions options)
    {
        try
        {
            return _options.Policies.ImportChain(options);
        }
        catch (KeyNotFoundException)
        {
            return ReloadInProgress;
        }
    }

    /// <summary>
    /// On the routing task, where options and policies agree: when the session's import context was
    /// built with a chain a reload has replaced since, it is rebuilt, and the import re-applied after
    /// the batches already converted with the old chain (they are queued ahead of the re-apply).
    /// </summary>
    private void RenewImportContext(PeerRouting peer, NegotiatedSession negotiated, RouteSource source)
    {
        if (!_imports.TryGetValue(peer.Name, out var import) || !ReferenceEquals(import.Source, source) ||
            import.Chain.Fingerprint == _options.Policies.ImportChain(peer.Options).Fingerprint)
        {
            return;
        }

        _imports[peer.Name] = NewImportContext(source, peer.Options, negotiated.Families);
        var epoch = peer.Epoch;
        Post(new RoutingWork.Query(() =>
        {
            if (peer.Epoch == epoch && peer.Negotiated is { } current)
            {
                ReapplyImport(peer, current);
            }
        }));
    }

    /// <summary>A route the peer sent (or withdrew) during its refresh is no longer awaited.</summary>
    private static void ReceivedDuringRefresh(PeerRouting peer, NlriEntry route) => peer.PrePolicyAwaitingRefresh?.Remove(route);

    /// <summary>The peer's session went away: a refresh it had under way is over.</summary>
    private static void ForgetInboundRefresh(PeerRouting peer)
    {
        peer.InboundRefresh = AddressFamilySet.None;
        peer.PrePolicyAwaitingRefresh = null;
        peer.InboundRefreshTimer?.Dispose();
        peer.InboundRefreshTimer = null;
    }
}

/// <summary>The RFC 7313 §4 upper bound of a peer's refresh ran out before its EoRR (for the session of <paramref name="Epoch"/>).</summary>
internal sealed record InboundRefreshExpired(string Peer, long Epoch) : RoutingWork;
