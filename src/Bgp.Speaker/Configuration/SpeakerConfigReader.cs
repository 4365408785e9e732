using System.Net;
using System.Text;
using System.Text.Json;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// Walks the configuration document field by field. Peer fields are looked up on the peer first,
/// then in <c>peerDefaults</c>, so an error names the place the value actually came from.
/// </summary>
internal sealed partial class SpeakerConfigReader(ConfigSource source)
{
    /// <summary>RFC 4271 §4.2: a non-zero hold time is at least 3 seconds; it is a 16-bit field.</summary>
    private const long MinHoldTime = 3;
    private const long MaxHoldTime = ushort.MaxValue;

    /// <summary>RFC 4724 §3: Restart Time is a 12-bit field.</summary>
    private const long MaxRestartTime = 4095;

    /// <summary>RFC 9494 §2: Long-Lived Stale Time is a 24-bit field.</summary>
    private const long MaxLongLivedStaleTime = 16_777_215;

    /// <summary>RFC 5082 §3: hops 1..254, so that 256 - hops is a usable minimum TTL (2..255).</summary>
    private const long MaxTtlSecurityHops = 254;

    private const long MaxTtl = 255;

    /// <summary>An AS_PATH holds at most 255 ASes per segment; BIRD caps "allow local as" similarly.</summary>
    private const long MaxAllowAsIn = 255;

    private static readonly string[] TopFields = ["localAs", "routerId", "listen", "peerDefaults", "peers", "prefixSets", "policies", "originate", "routeReflector", "gracefulRestart", "dynamicPeers"];
    private static readonly string[] RouteReflectorFields = ["clusterId", "clientToClientReflection"];
    private static readonly string[] ListenFields = ["address", "port"];
    private static readonly string[] GracefulRestartFields = ["restartTime"];

    private static readonly string[] PeerFields =
    [
        "name", "address", "port", "remoteAs", "localAs", "mode", "sourceAddress", "holdTime", "keepaliveTime",
        "connectRetryTime", "connectRetryJitter", "delayOpenTime", "families", "addPath", "extendedMessages", "routeRefresh",
        "enhancedRouteRefresh", "gracefulRestart", "longLivedStaleTime", "requiredCapabilities", "password",
        "ttlSecurity", "multihop", "shutdown", "maxPrefixes", "description", "importPolicy", "exportPolicy",
        "allowAsIn", "nextHopSelf", "addPathSendMax", "softReconfigurationInbound", "routeReflectorClient",
    ];

    private Policy.PolicySet _policies = Policy.PolicySet.Empty;

    /// <summary>What identifies one peer cannot be defaulted.</summary>
    private static readonly string[] PeerOnlyFields = ["name", "address", "description"];

    private static readonly string[] PeerDefaultFields = [.. PeerFields.Except(PeerOnlyFields)];

    public SpeakerOptions Read(JsonElement root)
    {
        var top = new ConfigObject(source, root, "", TopFields);
        uint localAs = source.ReadAs(Required(top, "localAs", "the AS number of this speaker, e.g. 64512"), top.FieldPath("localAs"));
        IPAddress routerId = ReadRouterId(Required(top, "routerId", "this speaker's BGP identifier as an IPv4 address, e.g. 192.0.2.1"));
        ListenOptions? listen = top.TryGet("listen", out JsonElement listenValue, out string listenPath)
            ? ReadListen(listenValue, listenPath)
            : new ListenOptions();

        _policies = new Policy.Config.PolicyConfigReader(source).Read(
            top.TryGet("prefixSets", out JsonElement setsValue, out string setsPath) ? setsValue : null, setsPath,
            top.TryGet("policies", out JsonElement policiesValue, out string policiesPath) ? policiesValue : null, policiesPath);

        RouteReflectorOptions? reflector = top.TryGet("routeReflector", out JsonElement reflectorValue, out string reflectorPath)
            ? ReadRouteReflector(reflectorValue, reflectorPath)
            : null;

        ConfigObject? defaults = top.TryGet("peerDefaults", out JsonElement defaultsValue, out string defaultsPath)
            ? ReadPeerDefaults(defaultsValue, defaultsPath)
            : null;

        var peers = new List<PeerOptions>();
        if (top.TryGet("peers", out JsonElement peersValue, out string peersPath))
        {
            List<JsonElement> items = source.ReadArray(peersValue, peersPath);
            for (int i = 0; i < items.Count; i++)
            {
                var peerObject = new ConfigObject(source, items[i], $"peers[{i}]", PeerFields);
                PeerOptions peer = ReadPeer(peerObject, defaults, listen);
                peer = ReadRouteReflectorClient(peer, peerObject, defaults, reflector, localAs);
                CheckUnique(peers, peer, i);
                peers.Add(peer);
            }
        }

        List<DynamicPeerRange> dynamicPeers = top.TryGet("dynamicPeers", out JsonElement dynamicValue, out string dynamicPath)
            ? ReadDynamicPeers(dynamicValue, dynamicPath, defaults, listen, reflector, localAs, peers)
            : [];

        List<OriginatedRoute> originate = top.TryGet("originate", out JsonElement originateValue, out string originatePath)
            ? new OriginateConfigReader(source).Read(originateValue, originatePath)
            : [];

        SpeakerRestartOptions restart = top.TryGet("gracefulRestart", out JsonElement restartValue, out string restartPath)
            ? new RestartConfigReader(source).Read(restartValue, restartPath)
            : new SpeakerRestartOptions();

        return new SpeakerOptions { LocalAs = localAs, RouterId = routerId, Listen = listen, Peers = peers, DynamicPeers = dynamicPeers, Policies = _policies, Originate = originate,
            RouteReflector = reflector, GracefulRestart = restart,
        };
    }

    private JsonElement Required(ConfigObject obj, string name, string meaning)
    {
        if (!obj.TryGet(name, out JsonElement value, out string path))
        {
            throw source.Error(path, $"missing (required): {meaning}");
        }

        return value;
    }

    /// <summary>RFC 6286 §2.1: a non-zero 32-bit value, written as an IPv4 address.</summary>
    private IPAddress ReadRouterId(JsonElement value)
    {
        const string Path = "routerId";
        IPAddress id = source.ReadAddress(value, Path);
        if (id.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw source.Error(Path, $"'{id}' is IPv6; a router ID is a 32-bit value written as an IPv4 address, e.g. 192.0.2.1");
        }

        if (id.Equals(IPAddress.Any))
        {
            throw source.Error(Path, "must not be 0.0.0.0 (RFC 6286 §2.1: the BGP identifier is non-zero)");
        }

        return id;
    }

    private ListenOptions? ReadListen(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.False)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw source.Error(path, $"must be an object {{\"address\": ..., \"port\": ...}} or false to not listen, got {ConfigSource.Describe(value)}");
        }

        var listen = new ConfigObject(source, value, path, ListenFields);
        var options = new ListenOptions();
        if (listen.TryGet("address", out JsonElement address, out string addressPath))
        {
            options = options with { Address = source.ReadAddress(address, addressPath) };
        }

        if (listen.TryGet("port", out JsonElement port, out string portPath))
        {
            options = options with { Port = source.ReadPort(port, portPath) };
        }

        return options;
    }

    private ConfigObject ReadPeerDefaults(JsonElement value, string path)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in value.EnumerateObject())
            {
                if (PeerOnlyFields.Contains(property.Name))
                {
                    throw source.Error($"{path}.{property.Name}", "identifies one peer and cannot be a default; set it on each peer");
                }
            }
        }

        return new ConfigObject(source, value, path, PeerDefaultFields);
    }

    private PeerOptions ReadPeer(ConfigObject peer, ConfigObject? defaults, ListenOptions? listen)
    {
        bool Find(string name, out JsonElement value, out string path) =>
            peer.TryGet(name, out value, out path) || (defaults is not null && defaults.TryGet(name, out value, out path));

        string addressPath = peer.FieldPath("address");
        if (!peer.TryGet("address", out JsonElement addressValue, out _))
        {
            throw source.Error(addressPath, "missing (required): the peer's IP address, e.g. 192.0.2.2");
        }

        IPAddress address = source.ReadAddress(addressValue, addressPath);
        string name = address.ToString();
        if (peer.TryGet("name", out JsonElement nameValue, out string namePath))
        {
            name = source.ReadString(nameValue, namePath);
            if (string.IsNullOrWhiteSpace(name))
            {
                throw source.Error(namePath, "must not be empty; leave it out to name the peer by its address");
            }
        }

        if (!Find("remoteAs", out JsonElement remoteAsValue, out string remoteAsPath))
        {
            throw source.Error(remoteAsPath, "missing (required): the peer's AS number, e.g. 64512 (equal to localAs for iBGP)");
        }

        var options = new PeerOptions { Name = name, Address = address, RemoteAs = source.ReadAs(remoteAsValue, remoteAsPath) };
        return ReadSessionFields(options, peer, Find, listen);
    }

    /// <summary>Every peer field but the identity (name, address, remoteAs): for peers and for <c>dynamicPeers</c> templates.</summary>
    private PeerOptions ReadSessionFields(PeerOptions options, ConfigObject peer, FieldFinder find, ListenOptions? listen)
    {
        IPAddress address = options.Address;
        if (find("port", out JsonElement v, out string p))
        {
            options = options with { Port = source.ReadPort(v, p) };
        }

        if (find("localAs", out v, out p))
        {
            options = options with { LocalAs = source.ReadAs(v, p) };
        }

        if (find("mode", out v, out p))
        {
            options = options with { Mode = source.ReadName(v, p, ConfigNames.Modes) };
            if (options.Mode == ConnectionMode.Passive && listen is null)
            {
                throw source.Error(p, "is passive, but \"listen\" is false: nothing would ever connect; listen, or make the peer active");
            }
        }

        if (find("sourceAddress", out v, out p))
        {
            IPAddress sourceAddress = source.ReadAddress(v, p);
            if (sourceAddress.AddressFamily != address.AddressFamily)
            {
                throw source.Error(p, $"'{sourceAddress}' is not in the same address family as the peer's address {address}");
            }

            options = options with { SourceAddress = sourceAddress };
        }

        options = ReadTimers(options, find);
        options = ReadCapabilities(options, find);

        if (find("password", out v, out p))
        {
            string password = source.ReadString(v, p);
            int length = Encoding.UTF8.GetByteCount(password);
            if (length is 0 or > Transport.LinuxSocketOptions.MaxMd5KeyLength)
            {
                throw source.Error(p, $"must be 1 to {Transport.LinuxSocketOptions.MaxMd5KeyLength} bytes (the kernel's TCP MD5 key limit), got {length}");
            }

            options = options with { Password = password };
        }

        options = ReadTtl(options, find);

        if (find("shutdown", out v, out p))
        {
            options = options with { Shutdown = source.ReadBool(v, p) };
        }

        if (find("maxPrefixes", out v, out p))
        {
            options = options with { MaxPrefixes = (int)source.ReadInteger(v, p, 0, int.MaxValue, "0 (no limit) or a positive number of prefixes") };
        }

        if (peer.TryGet("description", out v, out p))
        {
            options = options with { Description = source.ReadString(v, p) };
        }

        if (find("importPolicy", out v, out p))
        {
            options = options with { ImportPolicy = new Policy.Config.PolicyConfigReader(source).ReadPeerPolicyNames(v, p, _policies) };
        }

        if (find("exportPolicy", out v, out p))
        {
            options = options with { ExportPolicy = new Policy.Config.PolicyConfigReader(source).ReadPeerPolicyNames(v, p, _policies) };
        }

        if (find("allowAsIn", out v, out p))
        {
            options = options with { AllowAsIn = (int)source.ReadInteger(v, p, 0, MaxAllowAsIn, $"0 to {MaxAllowAsIn} occurrences of our AS in a received AS_PATH") };
        }

        if (find("nextHopSelf", out v, out p))
        {
            options = options with { NextHopSelf = source.ReadBool(v, p) };
        }

        if (find("addPathSendMax", out v, out p))
        {
            options = options with { AddPathSendMax = (int)source.ReadInteger(v, p, 0, int.MaxValue, "0 (all paths) or the number of paths per prefix to send with ADD-PATH") };
        }

        if (find("softReconfigurationInbound", out v, out p))
        {
            options = options with { SoftReconfigurationInbound = source.ReadBool(v, p) };
        }

        return options;
    }

    /// <summary>The <c>routeReflector</c> section: <c>{}</c> (cluster ID = router ID), or with <c>clusterId</c> / <c>clientToClientReflection</c>.</summary>
    private RouteReflectorOptions ReadRouteReflector(JsonElement value, string path)
    {
        var fields = new ConfigObject(source, value, path, RouteReflectorFields);
        var options = new RouteReflectorOptions();
        if (fields.TryGet("clusterId", out JsonElement id, out string idPath))
        {
            options = options with { ClusterId = ReadClusterId(id, idPath) };
        }

        if (fields.TryGet("clientToClientReflection", out JsonElement c2c, out string c2cPath))
        {
            options = options with { ClientToClientReflection = source.ReadBool(c2c, c2cPath) };
        }

        return options;
    }

    /// <summary>RFC 4456 §7: a 4-octet CLUSTER_ID, written as an IPv4 address (Calico's routeReflectorClusterID) or an integer.</summary>
    private RouteReflector.ClusterId ReadClusterId(JsonElement value, string path)
    {
        const string Meaning = "an IPv4 address such as \"10.0.0.1\" or a 32-bit integer such as 167772161";
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number when value.TryGetUInt32(out uint number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null || !RouteReflector.ClusterId.TryParse(text, out RouteReflector.ClusterId id))
        {
            throw source.Error(path, $"must be {Meaning}, got {ConfigSource.Describe(value)}");
        }

        return id;
    }

    /// <summary>
    /// <c>routeReflectorClient</c>: on the peer itself it must name an iBGP peer of a reflector;
    /// inherited from <c>peerDefaults</c> it applies to the iBGP peers only, so one default can
    /// cover a reflector's clients next to its eBGP uplinks.
    /// </summary>
    private PeerOptions ReadRouteReflectorClient(PeerOptions options, ConfigObject peer, ConfigObject? defaults,
        RouteReflectorOptions? reflector, uint localAs)
    {
        bool own = peer.TryGet("routeReflectorClient", out JsonElement v, out string p);
        if (!own && (defaults is null || !defaults.TryGet("routeReflectorClient", out v, out p)))
        {
            return options;
        }

        bool client = source.ReadBool(v, p);
        if (!client)
        {
            return options;
        }

        if (reflector is null)
        {
            throw source.Error(p, "this speaker is not a route reflector: add a top-level \"routeReflector\": {} section (RFC 4456), or remove the flag");
        }

        if (options.IsExternal(localAs))
        {
            if (own)
            {
                throw source.Error(p, $"peer '{options.Name}' is eBGP (AS {options.RemoteAs}); route-reflector clients are internal peers (RFC 4456 §6)");
            }

            return options;
        }

        return options with { RouteReflectorClient = true };
    }

    private delegate bool FieldFinder(string name, out JsonElement value, out string path);

    private PeerOptions ReadTimers(PeerOptions options, FieldFinder find)
    {
        if (find("holdTime", out JsonElement v, out string p))
        {
            // RFC 4271 §4.2: Hold Time MUST be either zero or at least three seconds.
            long hold = source.ReadInteger(v, p, 0, MaxHoldTime, "0 or between 3 and 65535 seconds");
            if (hold is > 0 and < MinHoldTime)
            {
                throw source.Error(p, $"must be 0 or between 3 and 65535 seconds, got {hold}");
            }

            options = options with { HoldTime = TimeSpan.FromSeconds(hold) };
        }

        if (find("keepaliveTime", out v, out p))
        {
            TimeSpan keepalive = source.ReadSeconds(v, p, 1, MaxHoldTime);
            if (options.HoldTime > TimeSpan.Zero && keepalive >= options.HoldTime)
            {
                throw source.Error(p, $"must be less than the hold time ({options.HoldTime.TotalSeconds} s); RFC 4271 §10 suggests a third of it");
            }

            options = options with { KeepaliveTime = keepalive };
        }

        if (find("connectRetryTime", out v, out p))
        {
            options = options with { ConnectRetryTime = source.ReadSeconds(v, p, 1, MaxHoldTime) };
        }

        if (find("delayOpenTime", out v, out p))
        {
            options = options with { DelayOpenTime = TimeSpan.FromSeconds(source.ReadInteger(v, p, 0, MaxHoldTime, "0 (off) or 1..65535 seconds")) };
        }

        if (find("connectRetryJitter", out v, out p))
        {
            options = options with { ConnectRetryJitter = source.ReadNumber(v, p, 0, 1, "a fraction between 0 and 1 (0.25 waits 75% to 100% of connectRetryTime)") };
        }

        return options;
    }

    private PeerOptions ReadCapabilities(PeerOptions options, FieldFinder find)
    {
        if (find("families", out JsonElement v, out string p))
        {
            var families = new List<AddressFamily>();
            List<JsonElement> items = source.ReadArray(v, p);
            if (items.Count == 0)
            {
                throw source.Error(p, "must name at least one family, e.g. [\"ipv4-unicast\"]");
            }

            for (int i = 0; i < items.Count; i++)
            {
                AddressFamily family = source.ReadName(items[i], $"{p}[{i}]", ConfigNames.Families);
                if (families.Contains(family))
                {
                    throw source.Error($"{p}[{i}]", $"'{ConfigNames.Name(family)}' is listed twice");
                }

                families.Add(family);
            }

            options = options with { Families = families };
        }

        if (find("addPath", out v, out p))
        {
            if (v.ValueKind != JsonValueKind.Object)
            {
                throw source.Error(p, $"must be an object such as {{\"ipv4-unicast\": \"both\"}}, got {ConfigSource.Describe(v)}");
            }

            var addPath = new List<AddPathFamily>();
            var fields = new ConfigObject(source, v, p, [.. ConfigNames.Families.Keys]);
            foreach ((string familyName, AddressFamily family) in ConfigNames.Families)
            {
                if (fields.TryGet(familyName, out JsonElement direction, out string directionPath))
                {
                    if (!options.Families.Contains(family))
                    {
                        throw source.Error(directionPath, $"'{familyName}' is not in this peer's families; add it there or remove it here");
                    }

                    addPath.Add(new AddPathFamily(family, source.ReadName(direction, directionPath, ConfigNames.AddPathDirections)));
                }
            }

            options = options with { AddPath = addPath };
        }

        if (find("extendedMessages", out v, out p))
        {
            options = options with { ExtendedMessages = source.ReadBool(v, p) };
        }

        if (find("routeRefresh", out v, out p))
        {
            options = options with { RouteRefresh = source.ReadBool(v, p) };
        }

        if (find("enhancedRouteRefresh", out v, out p))
        {
            options = options with { EnhancedRouteRefresh = source.ReadBool(v, p) };
        }

        if (find("gracefulRestart", out v, out p))
        {
            options = options with { GracefulRestart = ReadGracefulRestart(v, p) };
        }

        if (find("longLivedStaleTime", out v, out p))
        {
            options = options with { LongLivedStaleTime = source.ReadSeconds(v, p, 0, MaxLongLivedStaleTime) };
        }

        if (find("requiredCapabilities", out v, out p))
        {
            var required = new List<CapabilityCode>();
            List<JsonElement> items = source.ReadArray(v, p);
            for (int i = 0; i < items.Count; i++)
            {
                CapabilityCode code = source.ReadName(items[i], $"{p}[{i}]", ConfigNames.Capabilities);
                if (!required.Contains(code))
                {
                    required.Add(code);
                }
            }

            options = options with { RequiredCapabilities = required };
        }

        return options;
    }

    private GracefulRestartOptions? ReadGracefulRestart(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.False:
                return null;
            case JsonValueKind.True:
                return new GracefulRestartOptions();
            case JsonValueKind.Object:
                var fields = new ConfigObject(source, value, path, GracefulRestartFields);
                var options = new GracefulRestartOptions();
                if (fields.TryGet("restartTime", out JsonElement time, out string timePath))
                {
                    options = options with { RestartTime = source.ReadSeconds(time, timePath, 0, MaxRestartTime) };
                }

                return options;
            default:
                throw source.Error(path, $"must be false, true or {{\"restartTime\": seconds}}, got {ConfigSource.Describe(value)}");
        }
    }

    private PeerOptions ReadTtl(PeerOptions options, FieldFinder find)
    {
        bool hasGtsm = find("ttlSecurity", out JsonElement gtsm, out string gtsmPath);
        bool hasMultihop = find("multihop", out JsonElement multihop, out string multihopPath);
        if (hasGtsm && hasMultihop)
        {
            throw source.Error(multihopPath, $"cannot be combined with {gtsmPath}: with TTL security we always send TTL 255 (RFC 5082 §3); ttlSecurity's hop count already allows a multihop peer");
        }

        if (hasGtsm)
        {
            options = options with { TtlSecurityHops = (int)source.ReadInteger(gtsm, gtsmPath, 1, MaxTtlSecurityHops, "a hop count between 1 and 254 (1 = directly connected)") };
        }

        if (hasMultihop)
        {
            options = options with { MultihopTtl = (int)source.ReadInteger(multihop, multihopPath, 1, MaxTtl, "a TTL between 1 and 255") };
        }

        return options;
    }

    private void CheckUnique(List<PeerOptions> earlier, PeerOptions peer, int index)
    {
        for (int i = 0; i < earlier.Count; i++)
        {
            if (earlier[i].Name == peer.Name)
            {
                throw source.Error($"peers[{index}].name", $"'{peer.Name}' is already the name of peers[{i}]; names must be unique");
            }

            if (earlier[i].Address.Equals(peer.Address))
            {
                throw source.Error($"peers[{index}].address", $"{peer.Address} is already peers[{i}] ('{earlier[i].Name}'); incoming connections are matched by address, so each address is one peer");
            }
        }
    }
}
