using System.Globalization;
using System.Text;

namespace Bgp.Testing;

/// <summary>
/// BIRD 2 configuration for the routes a test daemon originates: one static protocol per family
/// (blackhole routes), an export filter that sends only those and sets each route's attributes, and
/// a default blackhole per family so every iBGP/multihop next hop resolves (gateway recursive).
/// Also reads <c>birdc show route all</c> back into <see cref="DaemonRibRoute"/>s.
/// </summary>
public static class BirdRoutes
{
    public const string ExportFilter4 = "export_routes4";
    public const string ExportFilter6 = "export_routes6";
    private const string Static4 = "originate4";
    private const string Static6 = "originate6";

    public static void AppendOriginations(StringBuilder text, DaemonPeering peering)
    {
        // A covering blackhole per family: BIRD resolves iBGP and multihop next hops recursively
        // through its IGP table and hides routes whose next hop does not resolve.
        text.AppendLine("protocol static nhcover4 { ipv4; route 0.0.0.0/0 blackhole; }");
        text.AppendLine("protocol static nhcover6 { ipv6; route ::/0 blackhole; }");
        foreach (var (name, ipv6) in new[] { (Static4, false), (Static6, true) })
        {
            text.AppendLine($"protocol static {name} {{");
            text.AppendLine(ipv6 ? "  ipv6;" : "  ipv4;");
            foreach (var route in peering.Routes.Where(r => r.IsIpv6 == ipv6))
            {
                text.AppendLine($"  route {route.Prefix} blackhole;");
            }

            text.AppendLine("}");
        }

        foreach (var (filter, origin, ipv6) in new[] { (ExportFilter4, Static4, false), (ExportFilter6, Static6, true) })
        {
            text.AppendLine($"filter {filter} {{");
            text.AppendLine($"  if proto != \"{origin}\" then reject;");
            foreach (var route in peering.Routes.Where(r => r.IsIpv6 == ipv6))
            {
                text.AppendLine($"  if net = {route.Prefix} then {{");
                foreach (var community in route.Communities)
                {
                    text.AppendLine($"    bgp_community.add(({community.Replace(':', ',')}));");
                }

                foreach (var large in route.LargeCommunities)
                {
                    text.AppendLine($"    bgp_large_community.add(({large.Replace(':', ',')}));");
                }

                if (route.Med is { } med)
                {
                    text.AppendLine($"    bgp_med = {med.ToString(CultureInfo.InvariantCulture)};");
                }

                if (route.LocalPref is { } localPref && !peering.IsExternal)
                {
                    text.AppendLine($"    bgp_local_pref = {localPref.ToString(CultureInfo.InvariantCulture)};");
                }

                // BIRD puts its own AS in front after the filter (eBGP), so prepend the last one first.
                foreach (var asn in route.Prepend.Reverse())
                {
                    text.AppendLine($"    bgp_path.prepend({asn.ToString(CultureInfo.InvariantCulture)});");
                }

                if (route.NextHop is { } nextHop)
                {
                    text.AppendLine($"    bgp_next_hop = {nextHop};");
                }

                text.AppendLine("  }");
            }

            text.AppendLine("  accept;");
            text.AppendLine("}");
        }
    }

    /// <summary>Parses <c>birdc show route all</c>: a prefix line (or an indented alternative path), then tab-indented attributes.</summary>
    public static IReadOnlyList<DaemonRibRoute> Parse(string output)
    {
        var routes = new List<DaemonRibRoute>();
        string? prefix = null;
        DaemonRibRoute? current = null;
        foreach (var raw in output.Split('\n'))
        {
            if (raw.Length == 0)
            {
                continue;
            }

            if (raw[0] == '\t')
            {
                if (current is not null)
                {
                    current = WithAttribute(current, raw.Trim());
                }

                continue;
            }

            var tokens = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (raw[0] != ' ')
            {
                if (tokens.Length < 2 || !tokens[0].Contains('/', StringComparison.Ordinal))
                {
                    continue;
                }

                prefix = tokens[0];
            }
            else if (prefix is null || !raw.Contains('[', StringComparison.Ordinal))
            {
                continue;
            }

            if (current is not null)
            {
                routes.Add(current);
            }

            current = new DaemonRibRoute { Prefix = prefix, NextHop = string.Empty };
        }

        if (current is not null)
        {
            routes.Add(current);
        }

        return routes;
    }

    private static DaemonRibRoute WithAttribute(DaemonRibRoute route, string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return route;
        }

        var key = line[..colon];
        var value = line[(colon + 1)..].Trim();
        return key switch
        {
            "BGP.origin" => route with { Origin = value.ToUpperInvariant() },
            "BGP.as_path" => route with
            {
                AsPath = value.Replace("{", " ", StringComparison.Ordinal).Replace("}", " ", StringComparison.Ordinal)
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => uint.Parse(a, CultureInfo.InvariantCulture)).ToArray(),
            },
            "BGP.next_hop" => route with { NextHop = value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0] },
            "BGP.med" => route with { Med = uint.Parse(value, CultureInfo.InvariantCulture) },
            "BGP.local_pref" => route with { LocalPref = uint.Parse(value, CultureInfo.InvariantCulture) },
            "BGP.community" => route with { Communities = Tuples(value) },
            "BGP.large_community" => route with { LargeCommunities = Tuples(value) },
            "BGP.originator_id" => route with { OriginatorId = value },
            "BGP.cluster_list" => route with { ClusterList = value.Split(' ', StringSplitOptions.RemoveEmptyEntries) },
            _ => route,
        };
    }

    /// <summary>"(65001,100) (65001,101)" or "(65001, 1, 2)" → "65001:100", "65001:1:2".</summary>
    private static string[] Tuples(string value) =>
        value.Split(')', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim().TrimStart('(').Replace(" ", string.Empty, StringComparison.Ordinal).Replace(',', ':'))
            .Where(t => t.Length > 0)
            .ToArray();
}
