using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Configuration;

/// <summary>Each error names the file and the field and says what to write instead.</summary>
public sealed class ConfigErrorTests
{
    private const string File = "bgpd.json";

    /// <summary>A valid speaker; cases add one peer or a top-level field to it.</summary>
    private static string Speaker(string peers, string extra = "") =>
        $$"""{ "localAs": 64512, "routerId": "192.0.2.1", {{extra}} "peers": [ {{peers}} ] }""";

    private const string Tor = """{ "name": "tor", "address": "192.0.2.254", "remoteAs": 65000 }""";

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "LocalAsMissing", """{ "routerId": "192.0.2.1" }""",
            "bgpd.json: localAs: missing (required): the AS number of this speaker, e.g. 64512"
        },
        {
            "LocalAsZero", """{ "localAs": 0, "routerId": "192.0.2.1" }""",
            "bgpd.json: localAs: must be an AS number between 1 and 4294967295, got 0"
        },
        {
            "LocalAsTooLarge", """{ "localAs": 4294967296, "routerId": "192.0.2.1" }""",
            "bgpd.json: localAs: must be an AS number between 1 and 4294967295, got 4294967296"
        },
        {
            "LocalAsAsTrans", """{ "localAs": 23456, "routerId": "192.0.2.1" }""",
            "bgpd.json: localAs: 23456 is AS_TRANS (RFC 6793), a placeholder no speaker may use; choose another AS"
        },
        {
            "LocalAsString", """{ "localAs": "64512", "routerId": "192.0.2.1" }""",
            "bgpd.json: localAs: must be an AS number between 1 and 4294967295, got '64512'"
        },
        {
            "RouterIdMissing", """{ "localAs": 64512 }""",
            "bgpd.json: routerId: missing (required): this speaker's BGP identifier as an IPv4 address, e.g. 192.0.2.1"
        },
        {
            "RouterIdZero", """{ "localAs": 64512, "routerId": "0.0.0.0" }""",
            "bgpd.json: routerId: must not be 0.0.0.0 (RFC 6286 §2.1: the BGP identifier is non-zero)"
        },
        {
            "RouterIdIpv6", """{ "localAs": 64512, "routerId": "2001:db8::1" }""",
            "bgpd.json: routerId: '2001:db8::1' is IPv6; a router ID is a 32-bit value written as an IPv4 address, e.g. 192.0.2.1"
        },
        {
            "RouterIdShortForm", """{ "localAs": 64512, "routerId": "10" }""",
            "bgpd.json: routerId: '10' is not an IP address (write e.g. 192.0.2.1 or 2001:db8::1)"
        },
        {
            "UnknownTopField", """{ "localAs": 64512, "routerId": "192.0.2.1", "routerID": "1.1.1.1" }""",
            "bgpd.json: routerID: unknown field; did you mean routerId?"
        },
        {
            "UnknownTopFieldFarFromAny", """{ "localAs": 64512, "routerId": "192.0.2.1", "zebra": 1 }""",
            "bgpd.json: zebra: unknown field; expected one of: localAs, routerId, listen, peerDefaults, peers, prefixSets, policies, originate, routeReflector, gracefulRestart, dynamicPeers"
        },
        {
            "DuplicateField", """{ "localAs": 64512, "localAs": 64513, "routerId": "192.0.2.1" }""",
            "bgpd.json: localAs: appears twice; keep one"
        },
        {
            "ListenTrue", """{ "localAs": 64512, "routerId": "192.0.2.1", "listen": true }""",
            "bgpd.json: listen: must be an object {\"address\": ..., \"port\": ...} or false to not listen, got true"
        },
        {
            "ListenPortZero", """{ "localAs": 64512, "routerId": "192.0.2.1", "listen": { "port": 0 } }""",
            "bgpd.json: listen.port: must be a TCP port between 1 and 65535, got 0"
        },
        {
            "ListenAddressBad", """{ "localAs": 64512, "routerId": "192.0.2.1", "listen": { "address": "localhost" } }""",
            "bgpd.json: listen.address: 'localhost' is not an IP address (write e.g. 192.0.2.1 or 2001:db8::1)"
        },
        {
            "PeersNotArray", """{ "localAs": 64512, "routerId": "192.0.2.1", "peers": {} }""",
            "bgpd.json: peers: must be an array [ ... ], got an object"
        },
        {
            "PeerAddressBad", Speaker("""{ "address": "10.0.0.300", "remoteAs": 65000 }"""),
            "bgpd.json: peers[0].address: '10.0.0.300' is not an IP address (write e.g. 192.0.2.1 or 2001:db8::1)"
        },
        {
            "PeerAddressMissing", Speaker("""{ "remoteAs": 65000 }"""),
            "bgpd.json: peers[0].address: missing (required): the peer's IP address, e.g. 192.0.2.2"
        },
        {
            "PeerRemoteAsMissing", Speaker("""{ "address": "192.0.2.2" }"""),
            "bgpd.json: peers[0].remoteAs: missing (required): the peer's AS number, e.g. 64512 (equal to localAs for iBGP)"
        },
        {
            "PeerHoldTimeTwo", Speaker(Tor + """, { "address": "192.0.2.2", "remoteAs": 65000, "holdTime": 2 }"""),
            "bgpd.json: peers[1].holdTime: must be 0 or between 3 and 65535 seconds, got 2"
        },
        {
            "PeerHoldTimeTooLarge", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "holdTime": 65536 }"""),
            "bgpd.json: peers[0].holdTime: must be 0 or between 3 and 65535 seconds, got 65536"
        },
        {
            "PeerHoldTimeFraction", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "holdTime": 9.5 }"""),
            "bgpd.json: peers[0].holdTime: must be 0 or between 3 and 65535 seconds, got 9.5"
        },
        {
            "PeerKeepaliveNotBelowHold", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "holdTime": 9, "keepaliveTime": 9 }"""),
            "bgpd.json: peers[0].keepaliveTime: must be less than the hold time (9 s); RFC 4271 §10 suggests a third of it"
        },
        {
            "PeerUnknownFieldTypo", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "holdtime": 9 }"""),
            "bgpd.json: peers[0].holdtime: unknown field; did you mean holdTime?"
        },
        {
            "PeerPortZero", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "port": 0 }"""),
            "bgpd.json: peers[0].port: must be a TCP port between 1 and 65535, got 0"
        },
        {
            "PeerRemoteAsZero", Speaker("""{ "address": "192.0.2.2", "remoteAs": 0 }"""),
            "bgpd.json: peers[0].remoteAs: must be an AS number between 1 and 4294967295, got 0"
        },
        {
            "PeerModeUnknown", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "mode": "listen" }"""),
            "bgpd.json: peers[0].mode: 'listen' is not one of: both, active, passive"
        },
        {
            "PeerPassiveWithoutListen", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "mode": "passive" }""", "\"listen\": false,"),
            "bgpd.json: peers[0].mode: is passive, but \"listen\" is false: nothing would ever connect; listen, or make the peer active"
        },
        {
            "PeerSourceAddressOtherFamily", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "sourceAddress": "2001:db8::1" }"""),
            "bgpd.json: peers[0].sourceAddress: '2001:db8::1' is not in the same address family as the peer's address 192.0.2.2"
        },
        {
            "PeerJitterAboveOne", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "connectRetryJitter": 1.5 }"""),
            "bgpd.json: peers[0].connectRetryJitter: must be a fraction between 0 and 1 (0.25 waits 75% to 100% of connectRetryTime), got 1.5"
        },
        {
            "PeerConnectRetryZero", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "connectRetryTime": 0 }"""),
            "bgpd.json: peers[0].connectRetryTime: must be a whole number of seconds between 1 and 65535, got 0"
        },
        {
            "PeerFamilyUnknown", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "families": ["ipv4-unicast", "l2vpn-evpn"] }"""),
            "bgpd.json: peers[0].families[1]: 'l2vpn-evpn' is not one of: ipv4-unicast, ipv6-unicast"
        },
        {
            "PeerFamiliesEmpty", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "families": [] }"""),
            "bgpd.json: peers[0].families: must name at least one family, e.g. [\"ipv4-unicast\"]"
        },
        {
            "PeerFamilyTwice", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "families": ["ipv4-unicast", "ipv4-unicast"] }"""),
            "bgpd.json: peers[0].families[1]: 'ipv4-unicast' is listed twice"
        },
        {
            "PeerAddPathDirectionUnknown", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "addPath": { "ipv4-unicast": "yes" } }"""),
            "bgpd.json: peers[0].addPath.ipv4-unicast: 'yes' is not one of: send, receive, both"
        },
        {
            "PeerAddPathFamilyNotOffered", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "families": ["ipv4-unicast"], "addPath": { "ipv6-unicast": "both" } }"""),
            "bgpd.json: peers[0].addPath.ipv6-unicast: 'ipv6-unicast' is not in this peer's families; add it there or remove it here"
        },
        {
            "PeerGracefulRestartTimeTooLarge", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "gracefulRestart": { "restartTime": 5000 } }"""),
            "bgpd.json: peers[0].gracefulRestart.restartTime: must be a whole number of seconds between 0 and 4095, got 5000"
        },
        {
            "PeerGracefulRestartString", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "gracefulRestart": "on" }"""),
            "bgpd.json: peers[0].gracefulRestart: must be false, true or {\"restartTime\": seconds}, got 'on'"
        },
        {
            "PeerRequiredCapabilityUnknown", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "requiredCapabilities": ["4-byte-as"] }"""),
            "bgpd.json: peers[0].requiredCapabilities[0]: '4-byte-as' is not one of: multiprotocol, route-refresh, extended-next-hop, extended-message, graceful-restart, four-octet-as, add-path, enhanced-route-refresh, long-lived-graceful-restart, fqdn"
        },
        {
            "PeerPasswordTooLong", Speaker($$"""{ "address": "192.0.2.2", "remoteAs": 65000, "password": "{{new string('x', 81)}}" }"""),
            "bgpd.json: peers[0].password: must be 1 to 80 bytes (the kernel's TCP MD5 key limit), got 81"
        },
        {
            "PeerTtlSecurityZero", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "ttlSecurity": 0 }"""),
            "bgpd.json: peers[0].ttlSecurity: must be a hop count between 1 and 254 (1 = directly connected), got 0"
        },
        {
            "PeerMultihopTooLarge", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "multihop": 256 }"""),
            "bgpd.json: peers[0].multihop: must be a TTL between 1 and 255, got 256"
        },
        {
            "PeerTtlSecurityWithMultihop", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "ttlSecurity": 2, "multihop": 2 }"""),
            "bgpd.json: peers[0].multihop: cannot be combined with peers[0].ttlSecurity: with TTL security we always send TTL 255 (RFC 5082 §3); ttlSecurity's hop count already allows a multihop peer"
        },
        {
            "PeerMaxPrefixesNegative", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "maxPrefixes": -1 }"""),
            "bgpd.json: peers[0].maxPrefixes: must be 0 (no limit) or a positive number of prefixes, got -1"
        },
        {
            "PeerShutdownString", Speaker("""{ "address": "192.0.2.2", "remoteAs": 65000, "shutdown": "yes" }"""),
            "bgpd.json: peers[0].shutdown: must be true or false, got 'yes'"
        },
        {
            "PeerNameEmpty", Speaker("""{ "name": " ", "address": "192.0.2.2", "remoteAs": 65000 }"""),
            "bgpd.json: peers[0].name: must not be empty; leave it out to name the peer by its address"
        },
        {
            "PeerNameDuplicate", Speaker(Tor + """, { "name": "tor", "address": "192.0.2.2", "remoteAs": 65000 }"""),
            "bgpd.json: peers[1].name: 'tor' is already the name of peers[0]; names must be unique"
        },
        {
            "PeerAddressDuplicate", Speaker(Tor + """, { "name": "tor2", "address": "192.0.2.254", "remoteAs": 65000 }"""),
            "bgpd.json: peers[1].address: 192.0.2.254 is already peers[0] ('tor'); incoming connections are matched by address, so each address is one peer"
        },
        {
            "PeerNotAnObject", Speaker("\"192.0.2.2\""),
            "bgpd.json: peers[0]: must be an object { ... }, got '192.0.2.2'"
        },
        {
            "DefaultsHoldTimeBad", Speaker(Tor, "\"peerDefaults\": { \"holdTime\": 1 },"),
            "bgpd.json: peerDefaults.holdTime: must be 0 or between 3 and 65535 seconds, got 1"
        },
        {
            "DefaultsAddress", Speaker(Tor, "\"peerDefaults\": { \"address\": \"192.0.2.9\" },"),
            "bgpd.json: peerDefaults.address: identifies one peer and cannot be a default; set it on each peer"
        },
        {
            "DefaultsUnknownField", Speaker(Tor, "\"peerDefaults\": { \"keepalive\": 3 },"),
            "bgpd.json: peerDefaults.keepalive: unknown field; did you mean keepaliveTime?"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_NamedError_NamesFileFieldAndFix(string name, string json, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, File));

        Assert.True(expected == error.Message, $"{name}:\n expected: {expected}\n actual:   {error.Message}");
        Assert.Equal(File, error.SourceName);
    }

    [Fact]
    public void Parse_InvalidJson_NamesFileLineAndColumn()
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("{\n  \"localAs\": 64512,\n  \"routerId\" \"x\"\n}", File));

        Assert.StartsWith("bgpd.json:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_NamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bgpd-missing-{Guid.NewGuid():N}.json");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

        Assert.StartsWith($"{path}: cannot read the file: ", error.Message, StringComparison.Ordinal);
    }
}
