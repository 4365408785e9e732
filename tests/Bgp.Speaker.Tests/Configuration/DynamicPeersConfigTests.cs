using System.Net;
using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Configuration;

/// <summary>The <c>dynamicPeers</c> section: what it reads, and each error naming the file and the field.</summary>
public sealed class DynamicPeersConfigTests
{
    private static string Speaker(string ranges, string extra = "") =>
        $$"""{ "localAs": 64512, "routerId": "192.0.2.1", "routeReflector": {}, {{extra}} "dynamicPeers": [ {{ranges}} ] }""";

    public static TheoryData<string, string, string> Errors => new()
    {
        {
            "NameMissing", Speaker("""{ "prefix": "10.0.0.0/16", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[0].name: missing (required): the range's name; its sessions are called NAME-ADDRESS, e.g. nodes-10.0.0.5"
        },
        {
            "NameWithSpace", Speaker("""{ "name": "my nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[0].name: must be a non-empty name without spaces, e.g. \"nodes\", got 'my nodes'"
        },
        {
            "NameTwice", Speaker("""{ "name": "n", "prefix": "10.0.0.0/16", "remoteAs": 64512 }, { "name": "n", "prefix": "10.1.0.0/16", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[1].name: 'n' is already the name of dynamicPeers[0]; names must be unique"
        },
        {
            "NameClashesWithPeer", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512 }""",
                """ "peers": [ { "name": "nodes-10.0.0.5", "address": "192.0.2.2", "remoteAs": 65000 } ], """),
            "bgpd.json: dynamicPeers[0].name: 'nodes' would clash with peers[0] ('nodes-10.0.0.5'): a range's sessions are named 'nodes-ADDRESS'; rename one of them"
        },
        {
            "PrefixMissing", Speaker("""{ "name": "nodes", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[0].prefix: missing (required): the addresses to accept peers from, e.g. \"10.0.0.0/16\""
        },
        {
            "PrefixNotAPrefix", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[0].prefix: must be an address prefix such as \"10.0.0.0/16\" or \"2001:db8::/64\", got '10.0.0.0'"
        },
        {
            "PrefixLengthTooLong", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/33", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[0].prefix: must be an address prefix such as \"10.0.0.0/16\" or \"2001:db8::/64\", got '10.0.0.0/33'"
        },
        {
            "PrefixHostBits", Speaker("""{ "name": "nodes", "prefix": "10.0.3.1/16", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[0].prefix: '10.0.3.1/16' has bits set after the prefix length; write the network address, e.g. 10.0.0.0/16"
        },
        {
            "PrefixOverlaps", Speaker("""{ "name": "a", "prefix": "10.0.0.0/16", "remoteAs": 64512 }, { "name": "b", "prefix": "10.0.128.0/24", "remoteAs": 64512 }"""),
            "bgpd.json: dynamicPeers[1].prefix: 10.0.128.0/24 overlaps dynamicPeers[0] ('a', 10.0.0.0/16); each address may belong to one range"
        },
        {
            "PrefixFamilyNotListened", Speaker("""{ "name": "v6", "prefix": "2001:db8::/64", "remoteAs": 64512 }""", """ "listen": { "address": "192.0.2.1" }, """),
            "bgpd.json: dynamicPeers[0].prefix: is IPv6, but the listener on 192.0.2.1 cannot accept such connections; listen on :: (both) or an address of that family"
        },
        {
            "RemoteAsMissing", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16" }"""),
            "bgpd.json: dynamicPeers[0].remoteAs: missing (required): the AS the range's peers must announce, e.g. 64512, or \"internal\" for our own AS (iBGP)"
        },
        {
            "RemoteAsExternal", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": "external" }"""),
            "bgpd.json: dynamicPeers[0].remoteAs: must be an AS number such as 64512 or \"internal\" (our own AS), got 'external'; lists of ASes and \"external\" are not supported"
        },
        {
            "MaxPeersZero", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512, "maxPeers": 0 }"""),
            "bgpd.json: dynamicPeers[0].maxPeers: must be the most sessions the range may hold at once, at least 1, got 0"
        },
        {
            "ModeGiven", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512, "mode": "active" }"""),
            "bgpd.json: dynamicPeers[0].mode: does not apply to a dynamic peer: its sessions are always passive (the peer connects to us); mode, port and sourceAddress are for configured peers"
        },
        {
            "UnknownField", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512, "holdtime": 30 }"""),
            "bgpd.json: dynamicPeers[0].holdtime: unknown field; did you mean holdTime?"
        },
        {
            "TemplateFieldChecked", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512, "holdTime": 2 }"""),
            "bgpd.json: dynamicPeers[0].holdTime: must be 0 or between 3 and 65535 seconds, got 2"
        },
        {
            "NoListener", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512 }""", """ "listen": false, """),
            "bgpd.json: dynamicPeers: needs a listener: dynamic peers are the ones that connect to us, but \"listen\" is false"
        },
        {
            "ClientWithoutReflector", """{ "localAs": 64512, "routerId": "192.0.2.1", "dynamicPeers": [ { "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512, "routeReflectorClient": true } ] }""",
            "bgpd.json: dynamicPeers[0].routeReflectorClient: this speaker is not a route reflector: add a top-level \"routeReflector\": {} section (RFC 4456), or remove the flag"
        },
        {
            "ClientOfOtherAs", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 65000, "routeReflectorClient": true }"""),
            "bgpd.json: dynamicPeers[0].routeReflectorClient: peer 'nodes' is eBGP (AS 65000); route-reflector clients are internal peers (RFC 4456 §6)"
        },
        {
            "UnknownPolicy", Speaker("""{ "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": 64512, "exportPolicy": ["nope"] }"""),
            null!
        },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_NamedError_NamesFileFieldAndFix(string name, string json, string? expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(json, "bgpd.json"));

        if (expected is null)
        {
            Assert.StartsWith("bgpd.json: dynamicPeers[0].exportPolicy", error.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.True(expected == error.Message, $"{name}:\n expected: {expected}\n actual:   {error.Message}");
        }
    }

    [Fact]
    public void Parse_Range_ReadsTemplateFromRangeThenPeerDefaults_AlwaysPassive()
    {
        SpeakerOptions options = ConfigLoader.Parse(
            """
            { "localAs": 64512, "routerId": "192.0.2.1", "routeReflector": {},
              "peerDefaults": { "holdTime": 30, "mode": "active", "password": "pw", "families": ["ipv4-unicast"] },
              "dynamicPeers": [ { "name": "nodes", "prefix": "10.0.0.0/16", "remoteAs": "internal", "maxPeers": 50,
                                  "holdTime": 12, "routeReflectorClient": true, "ttlSecurity": 1 } ] }
            """, "bgpd.json");

        DynamicPeerRange range = Assert.Single(options.DynamicPeers);
        Assert.Equal("nodes", range.Name);
        Assert.Equal(IPNetwork.Parse("10.0.0.0/16"), range.Prefix);
        Assert.Equal(50, range.MaxPeers);
        Assert.Equal(64512u, range.Template.RemoteAs);
        Assert.Equal(TimeSpan.FromSeconds(12), range.Template.HoldTime);
        Assert.Equal(ConnectionMode.Passive, range.Template.Mode);
        Assert.Equal("pw", range.Template.Password);
        Assert.Equal(1, range.Template.TtlSecurityHops);
        Assert.True(range.Template.RouteReflectorClient);
        Assert.Equal([Bgp.Protocol.AddressFamily.Ipv4Unicast], range.Template.Families);

        PeerOptions peer = range.PeerFor(IPAddress.Parse("10.0.1.2"));
        Assert.Equal("nodes-10.0.1.2", peer.Name);
        Assert.Equal(IPAddress.Parse("10.0.1.2"), peer.Address);
        Assert.True(range.Contains(IPAddress.Parse("10.0.255.255")));
        Assert.False(range.Contains(IPAddress.Parse("10.1.0.0")));
    }

    [Fact]
    public void CheckConfigSummary_ListsTheRanges()
    {
        SpeakerOptions options = ConfigLoader.Load(Path.Combine(DocExamplesTests.RepositoryRoot(), "docs", "examples", "standalone-reflector.json"));

        string summary = ConfigSummary.Describe(options, "standalone-reflector.json");

        Assert.Contains("  1 dynamic peer range:", summary, StringComparison.Ordinal);
        Assert.Contains("    nodes: 10.0.0.0/16, AS 64512 (iBGP), up to 5000 sessions named nodes-ADDRESS, hold 90 s, ipv4-unicast, md5, route-reflector clients",
            summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InternalAs_FollowsTheRangesOwnLocalAs()
    {
        SpeakerOptions options = ConfigLoader.Parse(
            """{ "localAs": 64512, "routerId": "192.0.2.1", "dynamicPeers": [ { "name": "n", "prefix": "2001:db8::/64", "remoteAs": "internal", "localAs": 65010 } ] }""",
            "bgpd.json");

        Assert.Equal(65010u, options.DynamicPeers[0].Template.RemoteAs);
        Assert.Equal(DynamicPeerRange.DefaultMaxPeers, options.DynamicPeers[0].MaxPeers);
    }

    [Fact]
    public void Parse_SameRangeTwice_IsEqual_ChangedTemplateIsNot()
    {
        const string Json = """{ "localAs": 64512, "routerId": "192.0.2.1", "dynamicPeers": [ { "name": "n", "prefix": "10.0.0.0/16", "remoteAs": 64512, "holdTime": HOLD } ] }""";

        SpeakerOptions a = ConfigLoader.Parse(Json.Replace("HOLD", "30", StringComparison.Ordinal), "a.json");
        SpeakerOptions b = ConfigLoader.Parse(Json.Replace("HOLD", "30", StringComparison.Ordinal), "a.json");
        SpeakerOptions c = ConfigLoader.Parse(Json.Replace("HOLD", "60", StringComparison.Ordinal), "a.json");

        Assert.Equal(a.DynamicPeers[0], b.DynamicPeers[0]);
        Assert.Equal(a, b);
        Assert.NotEqual(a.DynamicPeers[0], c.DynamicPeers[0]);
    }
}
