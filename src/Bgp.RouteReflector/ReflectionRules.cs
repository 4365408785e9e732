using Bgp.Protocol.Attributes;

namespace Bgp.RouteReflector;

/// <summary>
/// RFC 4456 route reflection as pure functions: who a reflector passes an iBGP-learned route to
/// (§6), how the route is marked on the way (§8: ORIGINATOR_ID, CLUSTER_LIST), and which received
/// routes are loops (§8). The routing engine asks these at its hooks; nothing here keeps state.
/// </summary>
/// <remarks>
/// Routes from eBGP and locally originated ones are not reflected routes: they go to every peer
/// under the ordinary rules and carry neither attribute. Hierarchical reflection needs nothing
/// more: a reflector that is a client of an upper one sees it as a non-client peer.
/// </remarks>
public static class ReflectionRules
{
    /// <summary>
    /// RFC 4456 §6: whether a route learned from an iBGP peer is reflected to another iBGP peer.
    /// From a client: to every non-client, and to the other clients unless client-to-client
    /// reflection is off (the clients are fully meshed, §6). From a non-client: to clients only.
    /// The sender itself is excluded by the caller.
    /// </summary>
    public static bool MayReflect(bool fromClient, bool toClient, bool clientToClientReflection) =>
        fromClient ? !toClient || clientToClientReflection : toClient;

    /// <summary>
    /// RFC 4456 §8: a route whose ORIGINATOR_ID is our BGP Identifier, or (on a reflector) whose
    /// CLUSTER_LIST holds our cluster ID, is a loop and is ignored.
    /// </summary>
    /// <param name="clusterId">Ours when this speaker is a reflector; null otherwise.</param>
    public static ReflectionLoop FindLoop(PathAttributes attributes, uint routerId, ClusterId? clusterId)
    {
        ArgumentNullException.ThrowIfNull(attributes);

        // RFC 4456 §8: "A router that recognizes the ORIGINATOR_ID attribute SHOULD ignore a route
        // received with its BGP Identifier as the ORIGINATOR_ID."
        if (attributes.OriginatorId == routerId)
        {
            return ReflectionLoop.OriginatorId;
        }

        // RFC 4456 §8: "If the local CLUSTER_ID is found in the CLUSTER_LIST, the advertisement
        // received SHOULD be ignored."
        if (clusterId is { Value: var own })
        {
            foreach (var id in attributes.ClusterList)
            {
                if (id == own)
                {
                    return ReflectionLoop.ClusterList;
                }
            }
        }

        return ReflectionLoop.None;
    }

    /// <summary>
    /// RFC 4456 §8: the ORIGINATOR_ID a reflected route carries: the one it has ("SHOULD NOT
    /// create an ORIGINATOR_ID attribute if one already exists"), else the BGP Identifier of the
    /// peer it was learned from.
    /// </summary>
    public static uint OriginatorFor(uint? originatorId, uint sourceRouterId) => originatorId ?? sourceRouterId;

    /// <summary>
    /// RFC 4456 §8: "When an RR reflects a route, it MUST prepend the local CLUSTER_ID to the
    /// CLUSTER_LIST. If the CLUSTER_LIST is empty, it MUST create a new one."
    /// </summary>
    public static uint[] PrependCluster(IReadOnlyList<uint> clusterList, ClusterId clusterId)
    {
        ArgumentNullException.ThrowIfNull(clusterList);
        var result = new uint[clusterList.Count + 1];
        result[0] = clusterId.Value;
        for (var i = 0; i < clusterList.Count; i++)
        {
            result[i + 1] = clusterList[i];
        }

        return result;
    }

    /// <summary>
    /// <paramref name="attributes"/> with ORIGINATOR_ID set to <paramref name="sourceRouterId"/>
    /// when absent (RFC 4456 §8); the same instance when it is already there. Everything else,
    /// next hop included, is unchanged (§10: a reflector does not modify the path).
    /// </summary>
    public static PathAttributes WithOriginator(PathAttributes attributes, uint sourceRouterId)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.OriginatorId is not null)
        {
            return attributes;
        }

        return attributes with { OriginatorId = sourceRouterId };
    }
}
