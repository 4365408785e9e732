using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>Policy errors name the file and the field, like the rest of the loader.</summary>
public sealed class PolicyConfigErrorTests
{
    private static string Config(string policies, string peerExtra = "", string prefixSets = "{}") => $$"""
        { "localAs": 64512, "routerId": "192.0.2.1", "prefixSets": {{prefixSets}}, "policies": {{policies}},
          "peers": [ { "name": "rr", "address": "192.0.2.2", "remoteAs": 64512 {{peerExtra}} } ] }
        """;

    private static string Rule(string rule) => Config($$"""{ "calico-export": { "rules": [ { "then": "accept" }, { "then": "next" }, {{rule}} ] } }""");

    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "PrefixLengthTooLong", Rule("""{ "match": { "prefix": "10.0.0.0/33" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefix: '10.0.0.0/33' is not a prefix (write e.g. 10.0.0.0/8, 2001:db8::/32 or 10.0.0.0/8{24,32})"
        },
        {
            "PrefixInList", Rule("""{ "match": { "prefix": ["10.0.0.0/8", "banana"] }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefix[1]: 'banana' is not a prefix (write e.g. 10.0.0.0/8, 2001:db8::/32 or 10.0.0.0/8{24,32})"
        },
        {
            "PrefixHostBits", Rule("""{ "match": { "prefix": "10.0.0.1/8" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefix: '10.0.0.1/8' is not a prefix (write e.g. 10.0.0.0/8, 2001:db8::/32 or 10.0.0.0/8{24,32})"
        },
        {
            "PrefixRangeBelowLength", Rule("""{ "match": { "prefix": "10.0.0.0/16{8,24}" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefix: '10.0.0.0/16{8,24}': the length range must satisfy 16 <= min <= max <= 32"
        },
        {
            "PrefixRangeWithEqual", Rule("""{ "match": { "prefix": "10.0.0.0/16{16,24}", "prefixMatch": "equal" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefix: '10.0.0.0/16{16,24}' has a length range, but \"prefixMatch\" is equal or not-equal: compare with the prefix alone"
        },
        {
            "PrefixMatchUnknown", Rule("""{ "match": { "prefix": "10.0.0.0/8", "prefixMatch": "within" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefixMatch: 'within' is not one of: in, not-in, equal, not-equal"
        },
        {
            "PrefixMatchWithoutPrefix", Rule("""{ "match": { "prefixMatch": "in" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefixMatch: needs \"prefix\" or \"prefixSet\" in the same match"
        },
        {
            "PrefixSetUnknown", Rule("""{ "match": { "prefixSet": "pools" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.prefixSet: 'pools' is not a set in \"prefixSets\" (none are defined)"
        },
        {
            "ThenMissing", Rule("""{ "match": { "prefix": "10.0.0.0/8" } }"""),
            "bgpd.json: policies.calico-export.rules[2].then: missing (required): \"accept\", \"reject\" or \"next\" (apply the actions and go on)"
        },
        {
            "ThenUnknown", Rule("""{ "then": "permit" }"""),
            "bgpd.json: policies.calico-export.rules[2].then: 'permit' is not one of: accept, reject, next"
        },
        {
            "RejectWithActions", Rule("""{ "actions": { "setMed": 1 }, "then": "reject" }"""),
            "bgpd.json: policies.calico-export.rules[2].actions: a rejected route is dropped, so its actions would do nothing; use \"then\": \"next\" or \"accept\""
        },
        {
            "MatchFieldTypo", Rule("""{ "match": { "comunity": "1:1" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.comunity: unknown field; did you mean community?"
        },
        {
            "CommunityOutOfRange", Rule("""{ "match": { "community": ["1:1", "65536:1"] }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.community[1]: '65536:1' is not a community: write ASN:value with each part 0..65535 or *, or one of no-export, no-advertise, no-export-subconfed, no-peer, blackhole, graceful-shutdown, accept-own, llgr-stale, no-llgr"
        },
        {
            "CommunityAnyAndAll", Rule("""{ "match": { "community": { "any": ["1:1"], "all": ["1:2"] } }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.community: must hold exactly one of \"any\" or \"all\""
        },
        {
            "AddCommunityWildcard", Rule("""{ "actions": { "addCommunities": "64512:*" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].actions.addCommunities: '64512:*' is not a community: write ASN:value with each part 0..65535, or one of no-export, no-advertise, no-export-subconfed, no-peer, blackhole, graceful-shutdown, accept-own, llgr-stale, no-llgr"
        },
        {
            "LargeCommunityBad", Rule("""{ "match": { "largeCommunity": "1:2" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.largeCommunity: '1:2' is not a large community: write a:b:c with each part 0..4294967295 or *"
        },
        {
            "PeerTypeBad", Rule("""{ "match": { "peerType": "confed" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.peerType: 'confed' is not one of: ibgp, ebgp"
        },
        {
            "PriorityTooLarge", Rule("""{ "actions": { "setPriority": 4294967295 }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].actions.setPriority: must be a priority between 0 and 2147483647 (LOCAL_PREF = 2147483647 - priority), got 4294967295"
        },
        {
            "NextHopBad", Rule("""{ "actions": { "setNextHop": "peer" }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].actions.setNextHop: 'peer' is not an IP address or \"self\""
        },
        {
            "PrependAsTrans", Rule("""{ "actions": { "prependAsPath": [64512, 23456] }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].actions.prependAsPath[1]: 23456 is AS_TRANS (RFC 6793), a placeholder no speaker may use; choose another AS"
        },
        {
            "AsPathLengthReversed", Rule("""{ "match": { "asPath": { "length": { "min": 5, "max": 2 } } }, "then": "accept" }"""),
            "bgpd.json: policies.calico-export.rules[2].match.asPath.length.max: must be at least min (5), got 2"
        },
        {
            "DefaultBad", Config("""{ "p": { "default": "drop" } }"""),
            "bgpd.json: policies.p.default: 'drop' is not one of: accept, reject, next"
        },
        {
            "PolicyNotObject", Config("""{ "p": [] }"""),
            "bgpd.json: policies.p: must be an object { ... }, got an array"
        },
        {
            "PeerPolicyUnknown", Config("""{ "a": {}, "b": {} }""", """, "exportPolicy": ["a", "c"]"""),
            "bgpd.json: peers[0].exportPolicy[1]: 'c' is not a policy in \"policies\" (defined: a, b)"
        },
        {
            "PeerPolicyTwice", Config("""{ "a": {} }""", """, "importPolicy": ["a", "a"]"""),
            "bgpd.json: peers[0].importPolicy[1]: 'a' is listed twice"
        },
        {
            "PrefixSetEntryBad", Config("{}", "", """{ "pools": ["10.0.0.0/8", "10.0.0/8"] }"""),
            "bgpd.json: prefixSets.pools[1]: '10.0.0/8' is not a prefix (write e.g. 10.0.0.0/8, 2001:db8::/32 or 10.0.0.0/8{24,32})"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_NamesFileAndField(string name, string text, string expected)
    {
        _ = name;
        ConfigException error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(text, "bgpd.json"));
        Assert.Equal(expected, error.Message);
    }
}
