using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Demo;

/// <summary>
/// When is the lab converged? Every session Established; the reflector holds each node's blocks
/// from that node, with the node as next hop; each node holds its own blocks (originated) and every other node's, learned from
/// the reflector with the originating node as next hop and ORIGINATOR_ID and the reflector's
/// cluster as CLUSTER_LIST (RFC 4456 §8, next hop unchanged per §10), and nothing else.
/// A pure function of a snapshot: the demo polls it, and its tests read the same rules.
/// </summary>
internal static class DemoConvergence
{
    /// <summary>What is still missing or wrong, in words; empty once the lab has converged.</summary>
    public static IReadOnlyList<string> Problems(DemoTopology lab, DemoSnapshot snapshot)
    {
        var problems = new List<string>();
        foreach (DemoSpeakerView view in snapshot.Speakers)
        {
            foreach (var peer in view.Peers.Where(peer => peer.State != SessionState.Established))
            {
                problems.Add($"{view.Name} -> {peer.Name}: session {peer.State}{(peer.LastError is null ? "" : $" ({peer.LastError})")}");
            }
        }

        DemoSpeakerView reflector = snapshot.Reflector;
        foreach (DemoNode node in lab.Nodes)
        {
            foreach (IpPrefix block in node.Blocks)
            {
                CheckRoute(problems, reflector, block, node.Name, ExpectedNextHop(node, block), reflection: null);
            }
        }

        foreach (DemoNode node in lab.Nodes)
        {
            DemoSpeakerView view = snapshot.Speaker(node.Name);
            foreach (IpPrefix block in node.Blocks)
            {
                CheckRoute(problems, view, block, RouteSource.LocalName, nextHop: null, reflection: null);
            }

            foreach (DemoNode origin in lab.Nodes.Where(other => other != node))
            {
                foreach (IpPrefix block in origin.Blocks)
                {
                    CheckRoute(problems, view, block, DemoTopology.ReflectorName, ExpectedNextHop(origin, block), (origin.Address, ClusterAddress));
                }
            }
        }

        var expected = lab.Nodes.SelectMany(node => node.Blocks).ToHashSet();
        foreach (DemoSpeakerView view in snapshot.Speakers)
        {
            foreach (var route in view.Routes.Where(route => !expected.Contains(route.Prefix)))
            {
                problems.Add($"{view.Name}: unexpected route {route.Prefix} from {route.Source}");
            }
        }

        return problems;
    }

    /// <summary>
    /// The next hop the nodes must see for <paramref name="origin"/>'s <paramref name="block"/>: the
    /// origin's session address, which for an IPv6 route over an IPv4 session is IPv4-mapped (docs/CONFIG.md).
    /// </summary>
    public static IPAddress ExpectedNextHop(DemoNode origin, IpPrefix block) =>
        block.Afi == Afi.Ipv6 ? origin.Address.MapToIPv6() : origin.Address;

    /// <summary>The reflector's cluster ID written as an address, as CLUSTER_LIST entries are.</summary>
    public static IPAddress ClusterAddress => Sessions.LocalSpeaker.ToAddress(DemoTopology.ClusterId.Value);

    /// <param name="nextHop">The next hop expected; null: not checked.</param>
    /// <param name="reflection">The ORIGINATOR_ID and the one CLUSTER_LIST entry a reflected route must carry; null: not checked.</param>
    private static void CheckRoute(List<string> problems, DemoSpeakerView view, IpPrefix prefix, string source,
        IPAddress? nextHop, (IPAddress Originator, IPAddress Cluster)? reflection)
    {
        var paths = view.Routes.Where(route => route.Prefix == prefix).Select(DemoRoute.From).ToList();
        DemoRoute? best = paths.FirstOrDefault(path => path.IsBest);
        if (best is null)
        {
            problems.Add($"{view.Name}: no route to {prefix} yet");
            return;
        }

        if (paths.Count != 1 || best.Source != source)
        {
            problems.Add($"{view.Name}: {prefix} should be held once, from {source}; held from {string.Join(", ", paths.Select(path => path.Source))}");
        }
        else if (nextHop is not null && !nextHop.Equals(best.NextHop))
        {
            problems.Add($"{view.Name}: {prefix} has next hop {best.NextHop}, expected {nextHop}");
        }
        else if (reflection is var (originator, cluster) && (!originator.Equals(best.OriginatorId) || !best.ClusterList.SequenceEqual([cluster])))
        {
            problems.Add($"{view.Name}: {prefix} has ORIGINATOR_ID {best.OriginatorId?.ToString() ?? "none"} and CLUSTER_LIST [{string.Join(" ", best.ClusterList)}], " +
                $"expected {originator} and [{cluster}]");
        }
    }
}
