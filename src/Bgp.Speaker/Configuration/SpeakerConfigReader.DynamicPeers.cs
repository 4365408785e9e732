using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// The <c>dynamicPeers</c> section: listen ranges whose peers are not configured one by one. Each
/// range holds every session field a peer has (looked up on the range, then in <c>peerDefaults</c>),
/// minus what only an outgoing connection uses.
/// </summary>
internal sealed partial class SpeakerConfigReader
{
    /// <summary>The <c>remoteAs</c> word for "our own AS" (iBGP clients of a reflector).</summary>
    private const string InternalAs = "internal";

    private static readonly string[] RangeOnlyFields = ["name", "prefix", "maxPeers", "description"];

    /// <summary>A dynamic session only ever accepts; these describe a connection we would make.</summary>
    private static readonly string[] OutgoingOnlyFields = ["mode", "port", "sourceAddress"];

    private static string[] DynamicPeerFields => [.. RangeOnlyFields, .. PeerDefaultFields.Except(OutgoingOnlyFields)];

    private List<DynamicPeerRange> ReadDynamicPeers(JsonElement value, string path, ConfigObject? defaults, ListenOptions? listen,
        RouteReflectorOptions? reflector, uint localAs, List<PeerOptions> peers)
    {
        List<JsonElement> items = source.ReadArray(value, path);
        if (items.Count > 0 && listen is null)
        {
            throw source.Error(path, "needs a listener: dynamic peers are the ones that connect to us, but \"listen\" is false");
        }

        var ranges = new List<DynamicPeerRange>();
        for (int i = 0; i < items.Count; i++)
        {
            string itemPath = $"{path}[{i}]";
            if (items[i].ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in items[i].EnumerateObject())
                {
                    if (OutgoingOnlyFields.Contains(property.Name))
                    {
                        throw source.Error($"{itemPath}.{property.Name}",
                            "does not apply to a dynamic peer: its sessions are always passive (the peer connects to us); mode, port and sourceAddress are for configured peers");
                    }
                }
            }

            var range = new ConfigObject(source, items[i], itemPath, DynamicPeerFields);
            ranges.Add(ReadDynamicPeerRange(range, defaults, listen!, reflector, localAs, peers, ranges));
        }

        return ranges;
    }

    private DynamicPeerRange ReadDynamicPeerRange(ConfigObject range, ConfigObject? defaults, ListenOptions listen,
        RouteReflectorOptions? reflector, uint localAs, List<PeerOptions> peers, List<DynamicPeerRange> earlier)
    {
        // peerDefaults may hold mode, port and sourceAddress for the configured peers: they mean nothing here.
        bool Find(string name, out JsonElement value, out string path) =>
            range.TryGet(name, out value, out path) ||
            (defaults is not null && !OutgoingOnlyFields.Contains(name) && defaults.TryGet(name, out value, out path));

        string name = ReadRangeName(range, peers, earlier);
        IPNetwork prefix = ReadRangePrefix(range, listen, earlier);

        var template = new PeerOptions { Name = name, Address = prefix.BaseAddress, RemoteAs = localAs, Mode = ConnectionMode.Passive };
        template = ReadSessionFields(template, range, Find, listen) with { Mode = ConnectionMode.Passive };
        if (!Find("remoteAs", out JsonElement remoteAsValue, out string remoteAsPath))
        {
            throw source.Error(remoteAsPath, $"missing (required): the AS the range's peers must announce, e.g. 64512, or \"{InternalAs}\" for our own AS (iBGP)");
        }

        template = template with { RemoteAs = ReadRangeAs(remoteAsValue, remoteAsPath, template.LocalAs ?? localAs) };
        template = ReadRouteReflectorClient(template, range, defaults, reflector, localAs);

        int maxPeers = DynamicPeerRange.DefaultMaxPeers;
        if (range.TryGet("maxPeers", out JsonElement maxValue, out string maxPath))
        {
            maxPeers = (int)source.ReadInteger(maxValue, maxPath, 1, int.MaxValue, "the most sessions the range may hold at once, at least 1");
        }

        return new DynamicPeerRange { Name = name, Prefix = prefix, MaxPeers = maxPeers, Template = template };
    }

    private string ReadRangeName(ConfigObject range, List<PeerOptions> peers, List<DynamicPeerRange> earlier)
    {
        string path = range.FieldPath("name");
        if (!range.TryGet("name", out JsonElement value, out _))
        {
            throw source.Error(path, "missing (required): the range's name; its sessions are called NAME-ADDRESS, e.g. nodes-10.0.0.5");
        }

        string name = source.ReadString(value, path);
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            throw source.Error(path, $"must be a non-empty name without spaces, e.g. \"nodes\", got '{name}'");
        }

        for (int i = 0; i < earlier.Count; i++)
        {
            if (earlier[i].Name == name)
            {
                throw source.Error(path, $"'{name}' is already the name of dynamicPeers[{i}]; names must be unique");
            }
        }

        for (int i = 0; i < peers.Count; i++)
        {
            if (peers[i].Name == name || IsSessionName(name, peers[i].Name))
            {
                throw source.Error(path, $"'{name}' would clash with peers[{i}] ('{peers[i].Name}'): a range's sessions are named '{name}-ADDRESS'; rename one of them");
            }
        }

        return name;
    }

    /// <summary>Whether <paramref name="peerName"/> has the form of a session name of the range <paramref name="rangeName"/>.</summary>
    private static bool IsSessionName(string rangeName, string peerName) =>
        peerName.StartsWith(rangeName + "-", StringComparison.Ordinal) && IPAddress.TryParse(peerName.AsSpan(rangeName.Length + 1), out _);

    private IPNetwork ReadRangePrefix(ConfigObject range, ListenOptions listen, List<DynamicPeerRange> earlier)
    {
        string path = range.FieldPath("prefix");
        if (!range.TryGet("prefix", out JsonElement value, out _))
        {
            throw source.Error(path, "missing (required): the addresses to accept peers from, e.g. \"10.0.0.0/16\"");
        }

        string text = source.ReadString(value, path);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out IPAddress? address) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length) ||
            length > (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            throw source.Error(path, $"must be an address prefix such as \"10.0.0.0/16\" or \"2001:db8::/64\", got '{text}'");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            throw source.Error(path, $"'{text}' is IPv4-mapped IPv6; write the IPv4 prefix, e.g. {address.MapToIPv4()}/{Math.Max(0, length - 96)}");
        }

        IPAddress network = Network(address, length);
        if (!network.Equals(address))
        {
            throw source.Error(path, $"'{text}' has bits set after the prefix length; write the network address, e.g. {network}/{length}");
        }

        var prefix = new IPNetwork(address, length);

        bool ipv4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        bool listenV4 = listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        bool dualMode = listen.Address.Equals(IPAddress.IPv6Any);
        if ((ipv4 && !listenV4 && !dualMode) || (!ipv4 && listenV4))
        {
            throw source.Error(path, $"is {(ipv4 ? "IPv4" : "IPv6")}, but the listener on {listen.Address} cannot accept such connections; listen on :: (both) or an address of that family");
        }

        for (int i = 0; i < earlier.Count; i++)
        {
            IPNetwork other = earlier[i].Prefix;
            if (other.BaseAddress.AddressFamily == prefix.BaseAddress.AddressFamily &&
                (other.Contains(prefix.BaseAddress) || prefix.Contains(other.BaseAddress)))
            {
                throw source.Error(path, $"{prefix} overlaps dynamicPeers[{i}] ('{earlier[i].Name}', {other}); each address may belong to one range");
            }
        }

        return prefix;
    }

    private uint ReadRangeAs(JsonElement value, string path, uint localAs)
    {
        if (value.ValueKind == JsonValueKind.String && value.GetString() == InternalAs)
        {
            return localAs;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            throw source.Error(path, $"must be an AS number such as 64512 or \"{InternalAs}\" (our own AS), got {ConfigSource.Describe(value)}; lists of ASes and \"external\" are not supported");
        }

        return source.ReadAs(value, path);
    }

    /// <summary><paramref name="address"/> with the bits after <paramref name="length"/> cleared, for the error's suggestion.</summary>
    private static IPAddress Network(IPAddress address, int length)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int bit = length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
