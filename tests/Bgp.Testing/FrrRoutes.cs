using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bgp.Testing;

/// <summary>
/// FRR configuration for the routes a test bgpd originates: a <c>network</c> statement per route with
/// a route-map that sets its attributes, and an outbound route-map giving IPv6 routes a real IPv6
/// next hop over an IPv4 session. Also reads <c>show bgp … json</c> into <see cref="DaemonRibRoute"/>s.
/// </summary>
public static class FrrRoutes
{
    public const string Ipv6NextHopRouteMap = "IPV6-NEXT-HOP";
    private const string PermitFirst = "permit 10";

    public static string RouteMapName(DaemonRoute route) =>
        "RT-" + route.Prefix.Replace('/', '-').Replace(':', '-').Replace('.', '-');

    public static void AppendRouteMaps(StringBuilder text, DaemonPeering peering)
    {
        text.AppendLine($"route-map {Ipv6NextHopRouteMap} {PermitFirst}");
        text.AppendLine($" set ipv6 next-hop global {peering.Ipv6NextHop}");
        text.AppendLine("!");
        foreach (var route in peering.Routes)
        {
            foreach (var line in RouteMapLines(route))
            {
                text.AppendLine(line);
            }

            text.AppendLine("!");
        }
    }

    /// <summary>The route-map lines for <paramref name="route"/>, first line "route-map NAME permit 10", then one set per attribute.</summary>
    public static IReadOnlyList<string> RouteMapLines(DaemonRoute route)
    {
        var lines = new List<string> { $"route-map {RouteMapName(route)} {PermitFirst}" };
        if (route.Communities.Count > 0)
        {
            lines.Add($" set community {string.Join(' ', route.Communities)}");
        }

        if (route.LargeCommunities.Count > 0)
        {
            lines.Add($" set large-community {string.Join(' ', route.LargeCommunities)}");
        }

        if (route.Med is { } med)
        {
            lines.Add($" set metric {med.ToString(CultureInfo.InvariantCulture)}");
        }

        if (route.LocalPref is { } localPref)
        {
            lines.Add($" set local-preference {localPref.ToString(CultureInfo.InvariantCulture)}");
        }

        if (route.Prepend.Count > 0)
        {
            lines.Add($" set as-path prepend {string.Join(' ', route.Prepend)}");
        }

        if (route.NextHop is { } nextHop)
        {
            lines.Add(route.IsIpv6 ? $" set ipv6 next-hop global {nextHop}" : $" set ip next-hop {nextHop}");
        }

        return lines;
    }

    /// <summary>Paths of one prefix from <c>show bgp ipv4|ipv6 unicast PREFIX json</c>, without locally originated ones.</summary>
    public static IEnumerable<DaemonRibRoute> ParsePrefix(string prefix, string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("paths", out var paths))
        {
            yield break;
        }

        foreach (var path in paths.EnumerateArray())
        {
            if (!path.TryGetProperty("peer", out var peer) || !peer.TryGetProperty("type", out var type) ||
                type.GetString() is not ("external" or "internal"))
            {
                continue;
            }

            yield return new DaemonRibRoute
            {
                Prefix = prefix,
                NextHop = path.TryGetProperty("nexthops", out var hops) && hops.GetArrayLength() > 0
                    ? hops[0].GetProperty("ip").GetString() ?? string.Empty
                    : string.Empty,
                AsPath = path.TryGetProperty("aspath", out var asPath) && asPath.TryGetProperty("segments", out var segments)
                    ? segments.EnumerateArray().SelectMany(s => s.GetProperty("list").EnumerateArray().Select(a => a.GetUInt32())).ToArray()
                    : [],
                Origin = path.TryGetProperty("origin", out var origin) ? origin.GetString()?.ToUpperInvariant() : null,
                Med = path.TryGetProperty("metric", out var metric) ? metric.GetUInt32() : null,
                LocalPref = path.TryGetProperty("locPrf", out var localPref) ? localPref.GetUInt32() : null,
                Communities = path.TryGetProperty("community", out var community)
                    ? community.GetProperty("list").EnumerateArray().Select(c => c.GetString()!).ToArray()
                    : [],
                LargeCommunities = path.TryGetProperty("largeCommunity", out var large)
                    ? large.GetProperty("list").EnumerateArray().Select(c => c.GetString()!).ToArray()
                    : [],
                OriginatorId = path.TryGetProperty("originatorId", out var originator) ? originator.GetString() : null,
                ClusterList = path.TryGetProperty("clusterList", out var clusters) && clusters.TryGetProperty("list", out var clusterIds)
                    ? clusterIds.EnumerateArray().Select(c => c.GetString()!).ToArray()
                    : [],
            };
        }
    }
}
