using System.Net;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Demo;

/// <summary>
/// The fields of a Loc-RIB path that show route reflection at work, as addresses: the next hop
/// (NEXT_HOP, or MP_REACH_NLRI's for IPv6), ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8).
/// </summary>
internal sealed record DemoRoute(IpPrefix Prefix, string Source, IPAddress? NextHop, IPAddress? OriginatorId, IReadOnlyList<IPAddress> ClusterList, bool IsBest)
{
    public static DemoRoute From(RouteSnapshot route)
    {
        IPAddress? nextHop = route.Attributes.MpReach is { } reach ? reach.NextHop.ToIPAddress()
            : route.Attributes.NextHop is uint ipv4 ? LocalSpeaker.ToAddress(ipv4)
            : null;
        IPAddress? originator = route.Attributes.OriginatorId is uint id ? LocalSpeaker.ToAddress(id) : null;
        return new DemoRoute(route.Prefix, route.Source, nextHop, originator,
            [.. route.Attributes.ClusterList.Select(LocalSpeaker.ToAddress)], route.IsBest);
    }
}
