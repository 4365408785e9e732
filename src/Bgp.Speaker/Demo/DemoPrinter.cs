using System.Globalization;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Demo;

/// <summary>The demo's tables: the lab, the sessions, each speaker's Loc-RIB.</summary>
internal static class DemoPrinter
{
    private const string Indent = "  ";
    private const string None = "-";
    private const int MillisecondsPerSecond = 1000;
    private const int SecondsPerMinute = 60;

    public static void WriteLab(TextWriter output, DemoTopology lab)
    {
        output.WriteLine($"bgpd demo: a route reflector and {lab.Nodes.Count} Calico node{Plural(lab.Nodes.Count)} in AS {DemoTopology.LocalAs}, real BGP sessions over loopback TCP");
        var table = new TextTable("speaker", "address", "role");
        table.Add(DemoTopology.ReflectorName, $"{lab.ReflectorAddress}:{lab.Port}", $"route reflector, cluster ID {DemoTopology.ClusterId}, listening");
        foreach (DemoNode node in lab.Nodes)
        {
            table.Add(node.Name, node.Address.ToString(), $"reflector client, announces {string.Join(" and ", node.Blocks)}");
        }

        table.WriteTo(output, Indent);
        output.WriteLine($"{Indent}Configuration files: bgpd demo --print-config (or --write-config DIR)");
        output.WriteLine();
    }

    public static void WriteConverged(TextWriter output, DemoTopology lab, DemoSnapshot snapshot, TimeSpan sessionsUp, TimeSpan converged)
    {
        int sessions = snapshot.Speakers.Sum(view => view.Peers.Count);
        output.WriteLine($"Converged {Duration(converged)} after start: all {sessions} session ends Established by {Duration(sessionsUp)}, " +
            $"and every node holds the other {lab.Nodes.Count - 1} {(lab.Nodes.Count == 2 ? "node's" : "nodes'")} blocks through the reflector.");
        output.WriteLine();
        WritePeers(output, snapshot);
        output.WriteLine();
        WriteRoutes(output, snapshot);
    }

    public static void WritePeers(TextWriter output, DemoSnapshot snapshot)
    {
        output.WriteLine("Peers");
        var table = new TextTable("speaker", "peer", "address", "router ID", "state", "up for", "UPDATEs in/out");
        foreach (DemoSpeakerView view in snapshot.Speakers)
        {
            foreach (PeerStatus peer in view.Peers)
            {
                string upFor = peer.EstablishedSince is { } since ? Duration(snapshot.TakenAt - since) : None;
                table.Add(view.Name, peer.Name, peer.Address.ToString(), peer.PeerRouterId?.ToString() ?? None, peer.State.ToString(), upFor,
                    $"{peer.Received.Update}/{peer.Sent.Update}");
            }
        }

        table.WriteTo(output, Indent);
    }

    public static void WriteRoutes(TextWriter output, DemoSnapshot snapshot)
    {
        output.WriteLine("Routes (each speaker's Loc-RIB; next hop, ORIGINATOR_ID and CLUSTER_LIST as received)");
        foreach (DemoSpeakerView view in snapshot.Speakers)
        {
            var routes = view.Routes.Select(DemoRoute.From).OrderBy(route => route.Prefix.Afi).ThenBy(route => route.Prefix).ToList();
            int learned = routes.Count(route => route.Source != Rib.RouteSource.LocalName);
            output.WriteLine($"{Indent}{view.Name} ({view.RouterId}): {routes.Count - learned} originated, {learned} learned");
            var table = new TextTable("prefix", "next hop", "from", "ORIGINATOR_ID", "CLUSTER_LIST");
            foreach (DemoRoute route in routes)
            {
                bool local = route.Source == Rib.RouteSource.LocalName;
                table.Add(route.Prefix.ToString(), local ? "self" : route.NextHop?.ToString() ?? None, local ? "originated" : route.Source,
                    route.OriginatorId?.ToString() ?? None, route.ClusterList.Count == 0 ? None : string.Join(" ", route.ClusterList));
            }

            table.WriteTo(output, Indent + Indent);
        }
    }

    /// <summary>"42 ms", "3.2 s", "4 min 05 s".</summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds < 1 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, duration.TotalMilliseconds):0} ms")
        : duration.TotalSeconds < SecondsPerMinute ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds / MillisecondsPerSecond:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s");

    private static string Plural(int count) => count == 1 ? "" : "s";
}
