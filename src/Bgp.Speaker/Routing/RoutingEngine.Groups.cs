using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Routing;

/// <summary>Update groups: joining, leaving, merging, route refresh (RFC 2918, RFC 7313) and reload.</summary>
public sealed partial class RoutingEngine
{
    /// <summary>
    /// A peer's session came up: it joins the group of its key, if there is one, and is sent that
    /// group's Adj-RIB-Out (a catch-up shared with peers joining together); otherwise it starts a
    /// group that walks the Loc-RIB.
    /// </summary>
    private void JoinGroup(PeerRouting peer)
    {
        var key = KeyFor(peer);
        var group = _mainGroups.TryGetValue(key, out var main) ? main : _groups.FirstOrDefault(g => g.Key == key);
        if (group is null)
        {
            JoinNewGroup(peer, adjRibOut: null, AddressFamilySet.All, force: false);
            return;
        }

        group.Add(peer);
        group.StartCatchUp(peer, AddressFamilySet.All, refresh: false);
    }

    /// <summary>
    /// Puts <paramref name="peer"/> in a group of its own that walks the Loc-RIB (its initial table,
    /// or a re-send); the group merges into the main group of its key once both are idle.
    /// </summary>
    private UpdateGroup JoinNewGroup(PeerRouting peer, AdjRibOut? adjRibOut, AddressFamilySet walk, bool force)
    {
        var key = KeyFor(peer);
        var group = new UpdateGroup(++_nextGroupId, key, _options.Policies.ExportChain(peer.Options), _context, adjRibOut);
        group.Add(peer);
        _groups.Add(group);
        group.StartWalk(_locRib, walk, force);
        return group;
    }

    private void LeaveGroup(PeerRouting peer)
    {
        if (peer.Group is not { } group)
        {
            return;
        }

        group.Remove(peer);
        if (group.Members.Count == 0)
        {
            DisposeGroup(group);
        }
    }

    private void DisposeGroup(UpdateGroup group)
    {
        _groups.Remove(group);
        if (group.IsMain && _mainGroups.TryGetValue(group.Key, out var main) && ReferenceEquals(main, group))
        {
            _mainGroups.Remove(group.Key);
        }

        group.Dispose();
    }

    /// <summary>A walk ended: the initial table is complete (End-of-RIB, RFC 4724 §2) or a refresh is (EoRR, RFC 7313 §4).</summary>
    private void OnWalkCompleted(UpdateGroup group)
    {
        foreach (var member in group.Members)
        {
            if (member.Negotiated is not { } negotiated)
            {
                continue;
            }

            if (group.IsCatchingUp(member))
            {
                // Its End-of-RIB follows its catch-up.
                continue;
            }

            FinishInitialTable(group, member, negotiated);
            FinishRefresh(member, member.RefreshInProgress);
        }
    }

    private void OnCatchUpCompleted(UpdateGroup group, UpdateGroup.CatchUp catchUp)
    {
        foreach (var member in catchUp.Members)
        {
            if (!ReferenceEquals(member.Group, group) || member.Negotiated is not { } negotiated)
            {
                continue;
            }

            if (catchUp.Refresh)
            {
                FinishRefresh(member, catchUp.Families);
            }
            else if (!group.IsWalking)
            {
                FinishInitialTable(group, member, negotiated);
            }
        }
    }

    /// <summary>RFC 4724 §2: End-of-RIB per family once the initial table is out.</summary>
    private void FinishInitialTable(UpdateGroup group, PeerRouting member, NegotiatedSession negotiated)
    {
        if (member.InitialTableSent)
        {
            return;
        }

        foreach (var family in Families)
        {
            if (negotiated.Families.Contains(family))
            {
                UpdateGroup.SendTo(member, UpdateBuilder.EndOfRib(family));
            }
        }

        member.InitialTableSent = true;
        RoutingLog.InitialTableSent(_logger, member.Name, group.AdjRibOut.Count, group.Id);
    }

    /// <summary>RFC 7313 §4: EoRR after the re-send of a family requested with enhanced route refresh.</summary>
    private static void FinishRefresh(PeerRouting member, AddressFamilySet families)
    {
        foreach (var family in Families)
        {
            if (families.Contains(family) && member.RefreshInProgress.Contains(family))
            {
                UpdateGroup.SendTo(member, RefreshMessage(family, RouteRefreshSubtype.EndOfRouteRefresh));
                member.RefreshInProgress &= ~AddressFamilySetExtensions.ToFlag(family);
            }
        }
    }

    /// <summary>Idle groups with the key of an idle main group join it; an idle group with no main becomes it.</summary>
    private void MergeIdleGroups()
    {
        for (var i = _groups.Count - 1; i >= 0; i--)
        {
            var group = _groups[i];
            if (group.IsMain || !group.IsIdle)
            {
                continue;
            }

            if (!_mainGroups.TryGetValue(group.Key, out var main))
            {
                group.IsMain = true;
                _mainGroups[group.Key] = group;
                continue;
            }

            if (!main.IsIdle)
            {
                continue;
            }

            // Both are idle: their Adj-RIB-Outs were computed from the same Loc-RIB by the same rules.
            foreach (var member in group.Members.ToArray())
            {
                group.Remove(member);
                main.Add(member);
            }

            RoutingLog.GroupMerged(_logger, group.Id, main.Id, main.Members.Count);
            _groups.RemoveAt(i);
            group.Dispose();
        }
    }

    /// <summary>RFC 2918 §4: re-send the Adj-RIB-Out of the family; RFC 7313 §4: between BoRR and EoRR.</summary>
    private void OnRefreshRequested(string name, RouteRefreshMessage request)
    {
        if (!_peers.TryGetValue(name, out var peer) || peer.Negotiated is not { } negotiated)
        {
            return;
        }

        if (request.Subtype != RouteRefreshSubtype.Normal)
        {
            // BoRR/EoRR from the peer bracket its own re-send to us (RFC 7313 §4).
            OnRefreshMarker(peer, negotiated, request);
            return;
        }

        if (peer.Group is not { } group || !negotiated.Families.Contains(request.Family))
        {
            return;
        }

        var flag = AddressFamilySetExtensions.ToFlag(request.Family);
        if (negotiated.EnhancedRouteRefresh)
        {
            UpdateGroup.SendTo(peer, RefreshMessage(request.Family, RouteRefreshSubtype.BeginningOfRouteRefresh));
            peer.RefreshInProgress |= flag;
        }

        RoutingLog.RefreshRequested(_logger, name, request.Family, negotiated.EnhancedRouteRefresh);

        // The Adj-RIB-Out is what the peer was sent: re-send it, from where it stands when each prefix's turn comes.
        group.StartCatchUp(peer, flag, refresh: true);
    }

    private static byte[] RefreshMessage(AddressFamily family, RouteRefreshSubtype subtype) =>
        BgpMessageWriter.ToArray(new RouteRefreshMessage(family, subtype), default);

    private void UnregisterMain(UpdateGroup group)
    {
        if (group.IsMain && _mainGroups.TryGetValue(group.Key, out var main) && ReferenceEquals(main, group))
        {
            _mainGroups.Remove(group.Key);
        }

        group.IsMain = false;
    }

    /// <summary>
    /// One peer's reloaded options: its import context rebuilt and, when the chain (or a routing
    /// option) changed, its routes re-evaluated. Export follows from its group key in <c>OnApply</c>.
    /// </summary>
    private void ReapplyPeerOptions(PeerRouting peer, PeerOptions options, bool importChanged)
    {
        var before = peer.Options;
        peer.Options = options;
        if (peer.Source is { } source && _imports.ContainsKey(peer.Name) && peer.Negotiated is { } negotiated)
        {
            _imports[peer.Name] = NewImportContext(source, options, negotiated.Families);
            ApplyImportChange(peer, before, importChanged, negotiated);
        }
    }

    /// <summary>A reload: import changes re-applied, export changes re-exported, originated routes diffed. No session is reset.</summary>
    private void OnApply(SpeakerOptions next)
    {
        var previous = _options;
        _options = next;

        // Set here, on the routing task, so a session coming up never pairs new peer options with
        // the previous policy set (a policy name the previous set does not define).
        foreach (var peer in next.Peers)
        {
            _peerOptions[peer.Name] = peer;
        }

        var changes = PolicyReload.Changes(previous, next).ToDictionary(change => change.PeerName, StringComparer.Ordinal);
        foreach (var options in next.Peers)
        {
            ReapplyPeerOptions(PeerFor(options.Name), options, changes.TryGetValue(options.Name, out var change) && change.ImportChanged);
        }

        // Dynamic peers are not in next.Peers: the speaker has registered their reloaded options
        // (AddDynamicPeer) before this reload; their chains are compared here.
        foreach (var options in DynamicPeerOptions())
        {
            if (_peers.TryGetValue(options.Name, out var peer))
            {
                var importChanged = previous.Policies.ImportChain(peer.Options).Fingerprint != next.Policies.ImportChain(options).Fingerprint;
                ReapplyPeerOptions(peer, options, importChanged);
            }
        }

        // Export: re-key groups whose members' keys changed.
        foreach (var group in _groups.ToArray())
        {
            var members = group.Members.ToArray();
            if (members.Length == 0)
            {
                continue;
            }

            // The key holds the export chain's fingerprint: an equal key is an equal chain, even
            // when the reload compiled it again, and that group has nothing to send.
            var keys = members.Select(KeyFor).ToArray();
            if (keys.All(key => key == group.Key))
            {
                continue;
            }

            if (keys.All(key => key == keys[0]))
            {
                UnregisterMain(group);
                group.Rekey(keys[0], next.Policies.ExportChain(members[0].Options));
                group.StartWalk(_locRib, AddressFamilySet.All, force: false);
                RoutingLog.Reexport(_logger, group.Id, members.Length);
                continue;
            }

            for (var i = 0; i < members.Length; i++)
            {
                if (keys[i] != group.Key)
                {
                    // A member still being sent the group's table may lack some of what the copy
                    // holds: its walk sends every route again (force) rather than only the difference.
                    var catchingUp = group.IsCatchingUp(members[i]);
                    group.Remove(members[i]);
                    JoinNewGroup(members[i], group.AdjRibOut.Clone(), AddressFamilySet.All, force: catchingUp);
                    RoutingLog.Reexport(_logger, members[i].Group!.Id, 1);
                }
            }

            if (group.Members.Count == 0)
            {
                DisposeGroup(group);
            }
        }

        // Originated routes.
        if (previous.LocalAs != next.LocalAs || !previous.RouterId.Equals(next.RouterId))
        {
            foreach (var prefix in _local.Keys.ToArray())
            {
                RemoveLocal(prefix);
            }

            _localSource = Rib.RouteSource.Local(next.LocalAs, LocalSpeaker.ToBgpIdentifier(next.RouterId));
        }

        var wanted = next.Originate.ToDictionary(route => route.Prefix);
        foreach (var route in previous.Originate)
        {
            if (!wanted.ContainsKey(route.Prefix))
            {
                RemoveLocal(route.Prefix);
            }
        }

        foreach (var route in next.Originate)
        {
            if (!_local.TryGetValue(route.Prefix, out var current) || !current.Equals(route))
            {
                AddLocal(route);
            }
        }

        ReleaseDeferredPeers(next);
    }

    /// <summary>
    /// Import policy changed: with a pre-policy Adj-RIB-In, run the new chain over it; otherwise
    /// ask the peer to send its routes again (RFC 2918 §3), if it can.
    /// </summary>
    private void ReapplyImport(PeerRouting peer, NegotiatedSession negotiated)
    {
        if (peer.AdjRibIn is { KeepsPrePolicy: true } adjRibIn && _imports.TryGetValue(peer.Name, out var context))
        {
            var reapplied = 0;
            foreach (var (route, received) in adjRibIn.GetPrePolicyRoutes().ToArray())
            {
                var loop = RouteImporter.IsLoop(context, received.Attributes);
                var result = loop ? default : RouteImporter.Evaluate(context, route.Prefix, received.Attributes, null);
                if (loop || !result.IsAccepted)
                {
                    if (_locRib.Withdraw(context.Source, route.Prefix, route.PathId))
                    {
                        peer.AcceptedPaths--;
                    }

                    continue;
                }

                var set = ReferenceEquals(result.Attributes, received.Attributes)
                    ? received.AddRef()
                    : _interner.Intern(result.Attributes, route.Prefix.Afi == Bgp.Protocol.Iana.Afi.Ipv6 ? Rib.NlriCarrier.MpReach : Rib.NlriCarrier.NlriField);
                var existed = _locRib.TryGetDestination(route.Prefix, out var destination) && destination.IndexOf(context.Source, route.PathId) >= 0;
                _locRib.Update(context.Source, route.Prefix, route.PathId, set);
                set.Release();
                peer.AcceptedPaths += existed ? 0 : 1;
                reapplied++;
            }

            RoutingLog.SoftReconfigured(_logger, peer.Name, adjRibIn.PrePolicyCount, reapplied);
            return;
        }

        RequestRefresh(peer, negotiated, "import policy changed");
    }

    /// <summary>The update group key of an established peer (see <see cref="UpdateGroupKey"/>).</summary>
    private UpdateGroupKey KeyFor(PeerRouting peer)
    {
        var negotiated = peer.Negotiated!;
        var options = peer.Options;
        var external = negotiated.IsExternal;
        var (selfIpv4, selfIpv6) = SelfAddresses(peer.Outlet?.LocalEndPoint.Address);
        var encode = negotiated.ToEncodeContext();
        return new UpdateGroupKey(
            _options.Policies.ExportChain(options).Fingerprint,
            external,
            negotiated.LocalAs,
            options.NextHopSelf && !external,
            encode.AddPathSend == AddressFamilySet.None ? 0 : options.AddPathSendMax,
            encode,
            negotiated.Families,
            selfIpv4,
            selfIpv6,
            RouteReflectorClient: IsReflectorClient(options, external),
            LongLivedGracefulRestart: negotiated.PeerLongLivedGracefulRestart is not null && negotiated.PeerGracefulRestart is not null &&
                options.LongLivedStaleTime is not null,
            ReflectorClusterId: ReflectorClusterId,
            ClientToClientReflection: _options.RouteReflector?.ClientToClientReflection ?? true);
    }

    /// <summary>
    /// Our next-hop-self addresses on a session: its local address for its own family; for the
    /// other family the router ID (IPv4) or the IPv4-mapped local address (IPv6, as GoBGP does)
    /// when the session runs over IPv4. A link-local IPv6 address is never used.
    /// </summary>
    private (uint Ipv4, UInt128 Ipv6) SelfAddresses(IPAddress? local)
    {
        var routerId = LocalSpeaker.ToBgpIdentifier(_options.RouterId);
        if (local is null)
        {
            return (routerId, MappedIpv6(routerId));
        }

        local = SocketBgpConnector.Normalize(local);
        if (local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var v4 = LocalSpeaker.ToBgpIdentifier(local);
            return (v4, MappedIpv6(v4));
        }

        Span<byte> bytes = stackalloc byte[BgpConstants.Ipv6Bytes];
        local.TryWriteBytes(bytes, out _);
        var v6 = System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return (routerId, local.IsIPv6LinkLocal ? MappedIpv6(routerId) : v6);
    }

    /// <summary>::ffff:a.b.c.d (RFC 4291 §2.5.5.2).</summary>
    private static UInt128 MappedIpv6(uint ipv4) => new UInt128(0, 0x0000_FFFF_0000_0000UL | ipv4);
}
