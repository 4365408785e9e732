using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Routing;

/// <summary>
/// Sessions coming and going, and the graceful restart helper (RFC 4724 §4.2, RFC 9494 §4.2):
/// <list type="number">
/// <item>A peer that advertised graceful restart goes down without a NOTIFICATION: its paths in the
/// families of its capability are marked stale and kept for its Restart Time (others are withdrawn).
/// We never set the N bit (RFC 8538), so any NOTIFICATION, sent or received, withdraws at once.</item>
/// <item>It comes back: families whose Forwarding State bit is clear in the new OPEN, or that were
/// not negotiated again, are flushed at once; the others stay stale until its End-of-RIB for the
/// family, or until the stale-path time (<see cref="RoutingEngineOptions.StalePathTime"/>).</item>
/// <item>It does not come back within the Restart Time: with LLGR negotiated the paths of the
/// families with a non-zero Long-Lived Stale Time turn long-lived stale (least preferred,
/// advertised with LLGR_STALE only to LLGR peers) until that time ends; the rest are withdrawn.</item>
/// </list>
/// </summary>
public sealed partial class RoutingEngine
{
    private static readonly AddressFamily[] Families = [AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast];

    private void OnPeerUp(RoutingWork.PeerUp up)
    {
        var peer = PeerFor(up.Peer);
        if (peer.Group is not null)
        {
            // Up twice without a down in between: the old session's state goes first.
            LeaveGroup(peer);
        }

        peer.Epoch++;
        peer.Options = _peerOptions.TryGetValue(up.Peer, out var options) ? options : peer.Options;
        peer.Negotiated = up.Negotiated;
        peer.Outlet = up.Outlet;
        peer.Source = up.Source;
        peer.EndOfRibReceived = AddressFamilySet.None;
        peer.InitialTableSent = false;
        peer.RefreshInProgress = AddressFamilySet.None;
        ForgetInboundRefresh(peer);
        if (peer.AdjRibIn is { } adjRibIn && adjRibIn.KeepsPrePolicy == peer.Options.SoftReconfigurationInbound)
        {
            adjRibIn.Source = up.Source;
        }
        else
        {
            peer.AdjRibIn?.ClearPrePolicy();
            peer.AdjRibIn = new AdjRibIn(_locRib, up.Source, peer.Options.SoftReconfigurationInbound);
        }

        ResumeAfterRestart(peer, up.Negotiated);
        RenewImportContext(peer, up.Negotiated, up.Source);
        RoutingLog.PeerUp(_logger, peer.Name, up.Negotiated.Families, peer.AcceptedPaths);
        if (up.Outlet is not null && !DeferExport(peer, up.Negotiated))
        {
            JoinGroup(peer);
        }
    }

    private void OnPeerDown(string name, SessionDown down)
    {
        OnDeferredPeerDown(name, down);
        if (!_peers.TryGetValue(name, out var peer) || peer.Source is not { } source)
        {
            return;
        }

        var negotiated = peer.Negotiated;
        LeaveGroup(peer);
        peer.Epoch++;
        peer.Negotiated = null;
        peer.Outlet = null;
        peer.StopTimer();
        ForgetInboundRefresh(peer);

        var restart = negotiated?.PeerGracefulRestart;
        var keep = AddressFamilySet.None;
        if (restart is not null && negotiated is not null && down.Notification is null && !down.Deconfigured)
        {
            foreach (var family in restart.RestartTime > 0 ? restart.Families : [])
            {
                keep |= AddressFamilySetExtensions.ToFlag(family.Family) & negotiated.Families;
            }

            // RFC 9494 §4.2: with a zero Restart Time (or a family the GR capability leaves out) the
            // long-lived period begins when the restart timer fires at once.
            keep |= LongLivedFamilies(peer, negotiated);
        }

        // A peer down again before its End-of-RIB keeps what was still stale from the first restart.
        if (keep != AddressFamilySet.None)
        {
            keep |= peer.StaleFamilies;
        }
        var marked = 0;
        var withdrawn = 0;
        foreach (var family in Families)
        {
            if (keep.Contains(family))
            {
                marked += _locRib.MarkStale(source, family);
            }
            else
            {
                withdrawn += _locRib.WithdrawAll(source, family);
            }
        }

        peer.StaleFamilies = keep & ~peer.LlgrFamilies;
        peer.AcceptedPaths -= withdrawn;
        if (keep == AddressFamilySet.None)
        {
            peer.AdjRibIn?.ClearPrePolicy();
            peer.LlgrFamilies = AddressFamilySet.None;
            RoutingLog.PeerDown(_logger, peer.Name, down.Reason, withdrawn);
            return;
        }

        peer.LastRestartCapability = restart;
        peer.LastLongLivedCapability = negotiated?.PeerLongLivedGracefulRestart;
        var restartTime = TimeSpan.FromSeconds(restart?.RestartTime ?? 0);
        RoutingLog.GracefulRestart(_logger, peer.Name, down.Reason, marked, keep, restartTime.TotalSeconds);
        StartTimer(peer, GracefulRestartTimer.Restart, restartTime);
    }

    /// <summary>RFC 4724 §4.2: the peer is back; flush families it no longer preserves, await End-of-RIB for the others.</summary>
    private void ResumeAfterRestart(PeerRouting peer, NegotiatedSession negotiated)
    {
        var stale = peer.StaleFamilies | peer.LlgrFamilies;
        if (stale == AddressFamilySet.None)
        {
            return;
        }

        peer.StopTimer();
        var preserved = AddressFamilySet.None;
        foreach (var family in negotiated.PeerGracefulRestart?.Families ?? [])
        {
            if (family.ForwardingState)
            {
                preserved |= AddressFamilySetExtensions.ToFlag(family.Family);
            }
        }

        preserved &= negotiated.Families;
        var preservedLongLived = LongLivedPreserved(negotiated);
        foreach (var family in Families)
        {
            // RFC 9494 §4.2: long-lived stale families go by the F bit of the new LLGR capability.
            var kept = peer.LlgrFamilies.Contains(family) ? preservedLongLived.Contains(family) : preserved.Contains(family);
            if (stale.Contains(family) && !kept)
            {
                Flush(peer, family, "forwarding state not preserved");
            }
        }

        if ((peer.StaleFamilies | peer.LlgrFamilies) != AddressFamilySet.None)
        {
            StartTimer(peer, GracefulRestartTimer.StalePath, _engineOptions.StalePathTime);
        }
    }

    private void OnEndOfRib(PeerRouting peer, AddressFamily family)
    {
        peer.EndOfRibReceived |= AddressFamilySetExtensions.ToFlag(family);
        if ((peer.StaleFamilies | peer.LlgrFamilies).Contains(family))
        {
            // RFC 4724 §4.2: End-of-RIB from the restarted peer: what it did not send again goes.
            Flush(peer, family, "End-of-RIB");
            if ((peer.StaleFamilies | peer.LlgrFamilies) == AddressFamilySet.None)
            {
                peer.StopTimer();
            }
        }

        RoutingLog.EndOfRib(_logger, peer.Name, family, peer.AcceptedPaths);
        OnDeferredEndOfRib(peer, family);
    }

    private void OnTimer(RoutingWork.TimerFired timer)
    {
        if (!_peers.TryGetValue(timer.Peer, out var peer) || peer.Epoch != timer.Epoch)
        {
            return;
        }

        peer.GracefulRestartTimer?.Dispose();
        peer.GracefulRestartTimer = null;
        switch (timer.Kind)
        {
            case GracefulRestartTimer.Restart:
                OnRestartTimeExpired(peer);
                break;
            case GracefulRestartTimer.StalePath:
            case GracefulRestartTimer.LongLivedStale:
                foreach (var family in Families)
                {
                    if ((peer.StaleFamilies | peer.LlgrFamilies).Contains(family))
                    {
                        Flush(peer, family, timer.Kind == GracefulRestartTimer.StalePath ? "stale-path time expired" : "long-lived stale time expired");
                    }
                }

                break;
        }
    }

    /// <summary>RFC 4724 §4.2 / RFC 9494 §4.2: the peer did not come back in time.</summary>
    private void OnRestartTimeExpired(PeerRouting peer)
    {
        var longLived = AddressFamilySet.None;
        uint staleSeconds = 0;
        if (peer.Options.LongLivedStaleTime is not null)
        {
            foreach (var family in peer.LastLongLivedCapability?.Families ?? [])
            {
                var flag = AddressFamilySetExtensions.ToFlag(family.Family);
                // Families already long-lived stale (the peer went down again before its End-of-RIB) stay on the timer.
                if (family.StaleTime > 0 && (peer.StaleFamilies | peer.LlgrFamilies).Contains(family.Family))
                {
                    longLived |= flag & peer.StaleFamilies;
                    staleSeconds = Math.Max(staleSeconds, family.StaleTime);
                }
            }
        }

        foreach (var family in Families)
        {
            if (!peer.StaleFamilies.Contains(family))
            {
                continue;
            }

            if (longLived.Contains(family) && peer.Source is { } source)
            {
                _locRib.MarkLlgrStale(source, family);
                peer.StaleFamilies &= ~AddressFamilySetExtensions.ToFlag(family);
                peer.LlgrFamilies |= AddressFamilySetExtensions.ToFlag(family);
            }
            else
            {
                Flush(peer, family, "restart time expired");
            }
        }

        if (peer.LlgrFamilies != AddressFamilySet.None)
        {
            peer.AcceptedPaths = peer.AdjRibIn?.CountPaths(AddressFamily.Ipv4Unicast) + peer.AdjRibIn?.CountPaths(AddressFamily.Ipv6Unicast) ?? 0;
            RoutingLog.LongLivedStale(_logger, peer.Name, peer.LlgrFamilies, staleSeconds);
            StartTimer(peer, GracefulRestartTimer.LongLivedStale, TimeSpan.FromSeconds(staleSeconds));
        }
        else
        {
            peer.AdjRibIn?.ClearPrePolicy();
        }
    }

    private void Flush(PeerRouting peer, AddressFamily family, string why)
    {
        var flag = AddressFamilySetExtensions.ToFlag(family);
        peer.StaleFamilies &= ~flag;
        peer.LlgrFamilies &= ~flag;
        if (peer.Source is not { } source)
        {
            return;
        }

        var removed = _locRib.FlushStale(source, family);
        peer.AcceptedPaths -= removed;
        RoutingLog.StaleFlushed(_logger, peer.Name, family, removed, why);
    }

    private void StartTimer(PeerRouting peer, GracefulRestartTimer kind, TimeSpan due)
    {
        peer.StopTimer();
        var name = peer.Name;
        var epoch = peer.Epoch;
        peer.GracefulRestartTimer = _time.CreateTimer(_ => Post(new RoutingWork.TimerFired(name, epoch, kind)), null,
            due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }
}
