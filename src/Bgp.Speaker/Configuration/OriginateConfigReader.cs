using System.Globalization;
using System.Net;
using System.Text.Json;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Policy.Config;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// The <c>originate</c> section: routes this speaker announces, e.g.
/// <c>{"prefix": "10.1.0.0/24", "nextHop": "192.0.2.1", "communities": ["65000:100"],
/// "largeCommunities": ["65000:1:2"], "med": 10, "localPref": 200, "origin": "igp"}</c>.
/// </summary>
internal sealed class OriginateConfigReader(ConfigSource source)
{
    private static readonly string[] Fields = ["prefix", "nextHop", "origin", "med", "localPref", "communities", "largeCommunities"];

    private static readonly IReadOnlyDictionary<string, Origin> Origins = new Dictionary<string, Origin>(StringComparer.Ordinal)
    {
        ["igp"] = Origin.Igp,
        ["egp"] = Origin.Egp,
        ["incomplete"] = Origin.Incomplete,
    };

    public List<OriginatedRoute> Read(JsonElement value, string path)
    {
        var routes = new List<OriginatedRoute>();
        List<JsonElement> items = source.ReadArray(value, path);
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = $"{path}[{i}]";
            OriginatedRoute route = ReadRoute(new ConfigObject(source, items[i], itemPath, Fields));
            int earlier = routes.FindIndex(r => r.Prefix == route.Prefix);
            if (earlier >= 0)
            {
                throw source.Error($"{itemPath}.prefix", $"{route.Prefix} is already {path}[{earlier}]; originate each prefix once");
            }

            routes.Add(route);
        }

        return routes;
    }

    private OriginatedRoute ReadRoute(ConfigObject item)
    {
        if (!item.TryGet("prefix", out JsonElement prefixValue, out string prefixPath))
        {
            throw source.Error(prefixPath, "missing (required): the prefix to originate, e.g. 10.1.0.0/24");
        }

        IpPrefix prefix = ReadPrefix(prefixValue, prefixPath);
        var route = new OriginatedRoute { Prefix = prefix };
        if (item.TryGet("nextHop", out JsonElement v, out string p))
        {
            IPAddress nextHop = source.ReadAddress(v, p);
            bool ipv6Prefix = prefix.Afi == Afi.Ipv6;
            if ((nextHop.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) != ipv6Prefix)
            {
                throw source.Error(p, $"'{nextHop}' is not in the family of {prefix}; leave nextHop out to use our own address on each session");
            }

            route = route with { NextHop = nextHop };
        }

        if (item.TryGet("origin", out v, out p))
        {
            route = route with { Origin = source.ReadName(v, p, Origins) };
        }

        if (item.TryGet("med", out v, out p))
        {
            route = route with { MultiExitDisc = (uint)source.ReadInteger(v, p, 0, uint.MaxValue, "0 to 4294967295") };
        }

        if (item.TryGet("localPref", out v, out p))
        {
            route = route with { LocalPref = (uint)source.ReadInteger(v, p, 0, uint.MaxValue, "0 to 4294967295") };
        }

        if (item.TryGet("communities", out v, out p))
        {
            var communities = new List<uint>();
            List<JsonElement> values = source.ReadArray(v, p);
            for (int i = 0; i < values.Count; i++)
            {
                string text = source.ReadString(values[i], $"{p}[{i}]");
                if (!CommunityText.TryParseStandard(text, allowWildcard: false, out var community))
                {
                    throw source.Error($"{p}[{i}]", $"'{text}' is not a community: expected \"AS:value\" with two 16-bit numbers, e.g. \"65000:100\", or a well-known name such as \"no-export\"");
                }

                communities.Add(community.Value);
            }

            route = route with { Communities = communities };
        }

        if (item.TryGet("largeCommunities", out v, out p))
        {
            var communities = new List<LargeCommunity>();
            List<JsonElement> values = source.ReadArray(v, p);
            for (int i = 0; i < values.Count; i++)
            {
                string text = source.ReadString(values[i], $"{p}[{i}]");
                if (!CommunityText.TryParseLarge(text, allowWildcard: false, out var community))
                {
                    throw source.Error($"{p}[{i}]", $"'{text}' is not a large community: expected \"global:data1:data2\" with three 32-bit numbers, e.g. \"65000:1:2\"");
                }

                communities.Add(community.Value);
            }

            route = route with { LargeCommunities = communities };
        }

        return route;
    }

    private IpPrefix ReadPrefix(JsonElement value, string path)
    {
        string text = source.ReadString(value, path);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out IPAddress? address) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length))
        {
            throw source.Error(path, $"'{text}' is not a prefix: expected address/length, e.g. 10.1.0.0/24 or 2001:db8::/48");
        }

        int max = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (length > max)
        {
            throw source.Error(path, $"'{text}': the length must be 0 to {max}");
        }

        IpPrefix prefix = IpPrefix.Create(address, length);
        if (!prefix.ToIPAddress().Equals(address))
        {
            throw source.Error(path, $"'{text}' has host bits set; did you mean {prefix}?");
        }

        return prefix;
    }
}
