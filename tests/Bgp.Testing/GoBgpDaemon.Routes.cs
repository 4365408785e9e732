using System.Globalization;
using System.Text.Json;
using Bgp.Protocol;

namespace Bgp.Testing;

/// <summary>GoBGP as an <see cref="IRoutingDaemon"/>: originations through <c>gobgp global rib add/del</c>, the RIB through <c>gobgp global rib -j</c>.</summary>
public sealed partial class GoBgpDaemon : IRoutingDaemon
{
    /// <summary>Path attribute type codes in gobgp's JSON (RFC 4271 §5, RFC 1997, RFC 4456, RFC 4760, RFC 8092).</summary>
    private const int OriginType = 1;
    private const int AsPathType = 2;
    private const int NextHopType = 3;
    private const int MedType = 4;
    private const int LocalPrefType = 5;
    private const int CommunitiesType = 8;
    private const int OriginatorIdType = 9;
    private const int ClusterListType = 10;
    private const int MpReachType = 14;
    private const int LargeCommunitiesType = 32;
    private const int CommunityValueBits = 16;

    public async Task AnnounceAsync(DaemonRoute route)
    {
        var arguments = new List<string> { "global", "rib", "add", "-a", route.IsIpv6 ? "ipv6" : "ipv4", route.Prefix, "nexthop",
            route.NextHop?.ToString() ?? (route.IsIpv6 ? "::" : "0.0.0.0"), "origin", "igp" };
        if (route.Communities.Count > 0)
        {
            arguments.AddRange(["community", string.Join(',', route.Communities)]);
        }

        if (route.LargeCommunities.Count > 0)
        {
            arguments.AddRange(["large-community", string.Join(',', route.LargeCommunities)]);
        }

        if (route.Med is { } med)
        {
            arguments.AddRange(["med", med.ToString(CultureInfo.InvariantCulture)]);
        }

        if (route.LocalPref is { } localPref)
        {
            arguments.AddRange(["local-pref", localPref.ToString(CultureInfo.InvariantCulture)]);
        }

        if (route.Prepend.Count > 0)
        {
            arguments.AddRange(["aspath", string.Join(' ', route.Prepend)]);
        }

        await CliAsync([.. arguments]).ConfigureAwait(false);
    }

    public Task WithdrawAsync(DaemonRoute route) =>
        CliAsync("global", "rib", "del", "-a", route.IsIpv6 ? "ipv6" : "ipv4", route.Prefix);

    public async Task<IReadOnlyList<DaemonRibRoute>> GetReceivedRoutesAsync(AddressFamily family)
    {
        var output = await CliAsync("global", "rib", "-a", family == AddressFamily.Ipv6Unicast ? "ipv6" : "ipv4", "-j").ConfigureAwait(false);
        var routes = new List<DaemonRibRoute>();
        using var json = JsonDocument.Parse(output);
        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            return routes;
        }

        foreach (var destination in json.RootElement.EnumerateObject())
        {
            foreach (var path in destination.Value.EnumerateArray())
            {
                // Locally originated paths carry no neighbor-ip.
                if (path.TryGetProperty("neighbor-ip", out _))
                {
                    routes.Add(Parse(destination.Name, path));
                }
            }
        }

        return routes;
    }

    private static DaemonRibRoute Parse(string prefix, JsonElement path)
    {
        var route = new DaemonRibRoute { Prefix = prefix, NextHop = string.Empty };
        foreach (var attribute in path.GetProperty("attrs").EnumerateArray())
        {
            route = attribute.GetProperty("type").GetInt32() switch
            {
                OriginType => route with { Origin = attribute.GetProperty("value").GetInt32() switch { 0 => "IGP", 1 => "EGP", _ => "INCOMPLETE" } },
                AsPathType => route with
                {
                    AsPath = attribute.TryGetProperty("as_paths", out var segments)
                        ? segments.EnumerateArray().SelectMany(s => s.GetProperty("asns").EnumerateArray().Select(a => a.GetUInt32())).ToArray()
                        : [],
                },
                NextHopType or MpReachType => route with { NextHop = attribute.GetProperty("nexthop").GetString() ?? string.Empty },
                MedType => route with { Med = attribute.GetProperty("metric").GetUInt32() },
                LocalPrefType => route with { LocalPref = attribute.GetProperty("value").GetUInt32() },
                CommunitiesType => route with
                {
                    Communities = attribute.GetProperty("communities").EnumerateArray()
                        .Select(c => c.GetUInt32())
                        .Select(c => $"{c >> CommunityValueBits}:{c & ushort.MaxValue}").ToArray(),
                },
                LargeCommunitiesType => route with
                {
                    LargeCommunities = attribute.GetProperty("value").EnumerateArray()
                        .Select(c => $"{c.GetProperty("ASN").GetUInt32()}:{c.GetProperty("LocalData1").GetUInt32()}:{c.GetProperty("LocalData2").GetUInt32()}")
                        .ToArray(),
                },
                OriginatorIdType => route with { OriginatorId = attribute.GetProperty("value").GetString() },
                ClusterListType => route with { ClusterList = attribute.GetProperty("value").EnumerateArray().Select(c => c.GetString()!).ToArray() },
                _ => route,
            };
        }

        return route;
    }
}
