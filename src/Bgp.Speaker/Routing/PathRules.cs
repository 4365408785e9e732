using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.RouteReflector;
using Bgp.Speaker.Decision;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// The advertisement rules that do not depend on configuration: who may receive a path
/// (RFC 4271 §9.2 iBGP split horizon, RFC 1997 well-known communities, RFC 9494 §4.3) and how
/// its attributes change on the way out (RFC 4271 §5.1: AS_PATH, NEXT_HOP, LOCAL_PREF, MED).
/// </summary>
internal static class PathRules
{
    /// <summary>RFC 4271 §9.1.2.2: an AS_SEQUENCE holds at most 255 ASes; a longer path starts a new segment.</summary>
    private const int MaxSegmentLength = byte.MaxValue;

    /// <summary>Whether <paramref name="path"/> may be advertised to the peers of <paramref name="key"/> at all.</summary>
    public static bool MayAdvertise(RibPath path, in UpdateGroupKey key)
    {
        var source = path.Source;

        // RFC 4271 §9.2: routes learned from an internal peer are not advertised to internal peers.
        // A route reflector relaxes it (RFC 4456 §6).
        if (!key.External && source.IsInternal && !MayReflect(source, key))
        {
            return false;
        }

        // RFC 9494 §4.3: long-lived stale routes go only to peers that negotiated LLGR.
        if (path.IsLlgrStale && !key.LongLivedGracefulRestart)
        {
            return false;
        }

        foreach (var community in path.Attributes.Attributes.Communities)
        {
            switch ((WellKnownCommunity)community)
            {
                // RFC 1997: NO_ADVERTISE goes to no peer.
                case WellKnownCommunity.NoAdvertise:
                    return false;

                // RFC 1997: NO_EXPORT and NO_EXPORT_SUBCONFED stay inside the AS (we run no confederation).
                case WellKnownCommunity.NoExport or WellKnownCommunity.NoExportSubconfed when key.External:
                    return false;
            }
        }

        return true;
    }

    /// <summary>An iBGP-learned route to an iBGP peer: only by a route reflector, under RFC 4456 §6.</summary>
    private static bool MayReflect(RouteSource source, in UpdateGroupKey key) =>
        key.ReflectorClusterId is not null &&
        ReflectionRules.MayReflect(source.IsRouteReflectorClient, key.RouteReflectorClient, key.ClientToClientReflection);

    /// <summary>
    /// The attributes <paramref name="attributes"/> (the path's, after export policy) become on the
    /// wire to the peers of <paramref name="key"/>, in the interner's canonical form for the
    /// prefix's family.
    /// </summary>
    /// <param name="policyNextHop">A next hop export policy set; null when it did not.</param>
    /// <param name="policyNextHopSelf">Export policy asked for next-hop-self.</param>
    /// <param name="policySetMed">Export policy set MED (only such a MED crosses to eBGP from another AS).</param>
    public static PathAttributes Transform(PathAttributes attributes, IpPrefix prefix, RibPath path, in UpdateGroupKey key,
        MpNextHop? policyNextHop, bool policyNextHopSelf, bool policySetMed)
    {
        var isIpv6 = prefix.Afi == Afi.Ipv6;
        var source = path.Source;
        var original = OriginalNextHop(attributes, isIpv6);
        var self = isIpv6 ? MpNextHop.Ipv6(key.SelfIpv6) : MpNextHop.Ipv4(key.SelfIpv4);
        MpNextHop nextHop;
        AsPath asPath;
        uint? localPref;
        uint? med;
        uint? originatorId = attributes.OriginatorId;
        IReadOnlyList<uint> clusterList = attributes.ClusterList;
        if (key.External)
        {
            // RFC 4271 §5.1.2: prepend our AS; §5.1.3: our own address as the next hop (no third-party next hop).
            asPath = Prepend(attributes.AsPath ?? AsPath.Empty, key.LocalAs);
            nextHop = policyNextHop is { } set && !policyNextHopSelf ? set : self;

            // RFC 4271 §5.1.5: LOCAL_PREF is not sent to external peers.
            localPref = null;

            // RFC 4271 §5.1.4: a MED received from a neighboring AS is not propagated to other ASes;
            // one we originate or set by policy is.
            med = source.IsLocal || policySetMed ? attributes.MultiExitDisc : null;

            // RFC 4456 §8: ORIGINATOR_ID and CLUSTER_LIST are not sent outside the AS.
            originatorId = null;
            clusterList = [];
        }
        else if (source.IsInternal && key.ReflectorClusterId is { } clusterId)
        {
            // A reflected route (MayAdvertise let an iBGP route through to an iBGP peer).
            // RFC 4456 §8: ORIGINATOR_ID kept or set to the originator's BGP Identifier; our
            // CLUSTER_ID prepended. RFC 4456 §10: NEXT_HOP, AS_PATH, LOCAL_PREF and MED unchanged,
            // so the session's next-hop-self does not apply (an export policy's explicit one does).
            originatorId = ReflectionRules.OriginatorFor(attributes.OriginatorId, source.RouterId);
            clusterList = ReflectionRules.PrependCluster(attributes.ClusterList, clusterId);
            asPath = attributes.AsPath ?? AsPath.Empty;
            nextHop = policyNextHop is { } set && !policyNextHopSelf ? set
                : policyNextHopSelf || original is null ? self
                : original.Value;
            localPref = attributes.LocalPref ?? DecisionOptions.DefaultLocalPreference;
            med = attributes.MultiExitDisc;
        }
        else
        {
            asPath = attributes.AsPath ?? AsPath.Empty;
            nextHop = policyNextHop is { } set && !policyNextHopSelf ? set
                : policyNextHopSelf || key.NextHopSelf || original is null ? self
                : original.Value;

            // RFC 4271 §5.1.5: LOCAL_PREF is included in every UPDATE to an internal peer.
            localPref = attributes.LocalPref ?? DecisionOptions.DefaultLocalPreference;
            med = attributes.MultiExitDisc;
        }

        var communities = attributes.Communities;
        if ((path.Flags & RibPathFlags.LlgrStale) != 0 && !attributes.Communities.Contains((uint)WellKnownCommunity.LlgrStale))
        {
            // RFC 9494 §4.3: a route we keep long-lived stale is advertised with LLGR_STALE.
            communities = [.. attributes.Communities, (uint)WellKnownCommunity.LlgrStale];
        }

        // MP_UNREACH_NLRI is per UPDATE, never part of an exported route's attributes.
        return attributes with
        {
            Origin = attributes.Origin ?? Origin.Incomplete,
            AsPath = asPath,
            NextHop = isIpv6 ? null : (uint)nextHop.Global,
            MultiExitDisc = med,
            LocalPref = localPref,
            Communities = communities,
            OriginatorId = originatorId,
            ClusterList = clusterList,
            MpReach = isIpv6 ? new MpReachNlri(AddressFamily.Ipv6Unicast, nextHop, []) : null,
            MpUnreach = null,
        };
    }

    /// <summary>The path's own next hop for the prefix's family, if it has a usable one.</summary>
    private static MpNextHop? OriginalNextHop(PathAttributes attributes, bool isIpv6)
    {
        if (isIpv6)
        {
            return attributes.MpReach is { IsOpaque: false, NextHop: { IsIpv6: true } hop } ? hop : null;
        }

        return attributes.NextHop is { } v4 ? MpNextHop.Ipv4(v4)
            : attributes.MpReach is { IsOpaque: false, NextHop: { IsIpv6: false } ipv4 } ? ipv4
            : null;
    }

    /// <summary>RFC 4271 §5.1.2: our AS as the leftmost of the first AS_SEQUENCE (a new one if the first segment is a set or full).</summary>
    public static AsPath Prepend(AsPath path, uint asn)
    {
        var segments = path.Segments;

        // RFC 5065 §5.3: confederation segments are removed before the path leaves the confederation.
        var start = 0;
        while (start < segments.Count && segments[start].IsConfederation)
        {
            start++;
        }

        var result = new List<AsPathSegment>(segments.Count - start + 1);
        if (start < segments.Count && segments[start].Type == AsPathSegmentType.AsSequence && segments[start].Asns.Count < MaxSegmentLength)
        {
            result.Add(new AsPathSegment(AsPathSegmentType.AsSequence, [asn, .. segments[start].Asns]));
            start++;
        }
        else
        {
            result.Add(new AsPathSegment(AsPathSegmentType.AsSequence, [asn]));
        }

        for (var i = start; i < segments.Count; i++)
        {
            if (!segments[i].IsConfederation)
            {
                result.Add(segments[i]);
            }
        }

        return new AsPath(result);
    }

    /// <summary>How many times <paramref name="asn"/> appears in <paramref name="path"/> (AS loop detection, RFC 4271 §9.1.2).</summary>
    public static int CountAs(AsPath? path, uint asn)
    {
        if (path is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var segment in path.Segments)
        {
            foreach (var value in segment.Asns)
            {
                if (value == asn)
                {
                    count++;
                }
            }
        }

        return count;
    }
}
