using Bgp.Protocol.Attributes;
using Bgp.Speaker.Policy;
using Xunit;
using static Bgp.Speaker.Tests.Policy.PolicyTestKit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>One test per condition: a rule "match X then accept" under a reject default.</summary>
public sealed class ConditionTests
{
    private static bool Accepts(string match, PolicyRoute route) =>
        Rules($$"""[ { "match": { {{match}} }, "then": "accept" } ]""").Evaluate(route).IsAccepted;

    [Theory]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("10.1.2.0/24", true)]
    [InlineData("11.0.0.0/8", false)]
    [InlineData("0.0.0.0/0", false)]
    public void Prefix_In_MatchesThePrefixAndEverythingInside(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": \"10.0.0.0/8\"", Route(route)));

    [Theory]
    [InlineData("10.0.0.0/8", false)]
    [InlineData("10.1.0.0/16", false)]
    [InlineData("10.1.2.0/24", true)]
    [InlineData("10.1.2.128/25", true)]
    [InlineData("10.1.2.3/32", true)]
    public void Prefix_WithInlineLengthRange_MatchesOnlyThoseLengths(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": \"10.0.0.0/8{24,32}\"", Route(route)));

    [Theory]
    [InlineData("10.1.2.0/24", false)]
    [InlineData("10.1.2.0/26", true)]
    [InlineData("10.1.2.0/28", true)]
    [InlineData("10.1.2.0/29", false)]
    public void Prefix_WithPrefixLengthObject_IsCalicoCidrPlusPrefixLength(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": \"10.0.0.0/8\", \"prefixLength\": {\"min\": 26, \"max\": 28}", Route(route)));

    [Theory]
    [InlineData("10.1.0.0/16", true)]
    [InlineData("10.1.0.0/24", false)]
    [InlineData("10.0.0.0/8", false)]
    public void Prefix_Equal_MatchesExactlyThePrefix(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": \"10.1.0.0/16\", \"prefixMatch\": \"equal\"", Route(route)));

    [Theory]
    [InlineData("10.1.0.0/16", false)]
    [InlineData("10.1.0.0/24", true)]
    public void Prefix_NotEqual_MatchesEverythingElse(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": \"10.1.0.0/16\", \"prefixMatch\": \"not-equal\"", Route(route)));

    [Theory]
    [InlineData("10.1.0.0/24", false)]
    [InlineData("192.168.0.0/24", true)]
    public void Prefix_NotIn_MatchesRoutesOutside(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": [\"10.0.0.0/8\", \"172.16.0.0/12\"], \"prefixMatch\": \"not-in\"", Route(route)));

    [Theory]
    [InlineData("2001:db8:1::/48", true)]
    [InlineData("2001:db8::/32", false)]
    [InlineData("2001:db9::/48", false)]
    [InlineData("10.0.0.0/8", false)]
    public void Prefix_Ipv6_WithLengthRange(string route, bool expected) =>
        Assert.Equal(expected, Accepts("\"prefix\": \"2001:db8::/32{48,64}\"", Route(route, nextHop: "2001:db8::1")));

    [Theory]
    [InlineData("10.244.3.0/26", true)]
    [InlineData("10.96.0.10/32", true)]
    [InlineData("10.97.0.0/16", false)]
    public void PrefixSet_Reference_MatchesTheNamedSet(string route, bool expected)
    {
        PolicyChain chain = Policies(
            """{ "p": { "default": "reject", "rules": [ { "match": { "prefixSet": "cluster" }, "then": "accept" } ] } }""",
            """{ "cluster": ["10.244.0.0/16", "10.96.0.0/16"] }""").Chain(["p"]);
        Assert.Equal(expected, chain.Evaluate(Route(route)).IsAccepted);
    }

    [Fact]
    public void PrefixSet_WithEqual_MatchesOnlyTheSetsOwnPrefixes()
    {
        PolicyChain chain = Policies(
            """{ "p": { "default": "reject", "rules": [ { "match": { "prefixSet": "blocks", "prefixMatch": "equal" }, "then": "accept" } ] } }""",
            """{ "blocks": ["10.244.3.0/26"] }""").Chain(["p"]);
        Assert.True(chain.Evaluate(Route("10.244.3.0/26")).IsAccepted);
        Assert.False(chain.Evaluate(Route("10.244.3.4/32")).IsAccepted);
    }

    [Fact]
    public void Community_Any_MatchesWhenOneIsPresent()
    {
        Assert.True(Accepts("\"community\": [\"64512:100\", \"64512:200\"]", Route("10.0.0.0/24", communities: [Community(64512, 200)])));
        Assert.False(Accepts("\"community\": [\"64512:100\"]", Route("10.0.0.0/24", communities: [Community(64512, 300)])));
    }

    [Fact]
    public void Community_All_NeedsEveryValue()
    {
        const string Match = "\"community\": {\"all\": [\"64512:100\", \"64512:200\"]}";
        Assert.True(Accepts(Match, Route("10.0.0.0/24", communities: [Community(64512, 200), Community(64512, 100)])));
        Assert.False(Accepts(Match, Route("10.0.0.0/24", communities: [Community(64512, 100)])));
    }

    [Theory]
    [InlineData("no-export", 0xFFFFFF01u)]
    [InlineData("no-advertise", 0xFFFFFF02u)]
    [InlineData("no-export-subconfed", 0xFFFFFF03u)]
    [InlineData("blackhole", 0xFFFF029Au)]
    [InlineData("graceful-shutdown", 0xFFFF0000u)]
    [InlineData("no-peer", 0xFFFFFF04u)]
    public void Community_WellKnownName_MatchesItsValue(string name, uint value)
    {
        Assert.True(Accepts($"\"community\": \"{name}\"", Route("10.0.0.0/24", communities: [value])));
        Assert.False(Accepts($"\"community\": \"{name}\"", Route("10.0.0.0/24", communities: [Community(64512, 1)])));
    }

    [Fact]
    public void Community_Wildcard_MatchesAnyValueOfThatAs()
    {
        Assert.True(Accepts("\"community\": \"64512:*\"", Route("10.0.0.0/24", communities: [Community(64512, 7)])));
        Assert.False(Accepts("\"community\": \"64512:*\"", Route("10.0.0.0/24", communities: [Community(64513, 7)])));
    }

    [Fact]
    public void LargeCommunity_MatchesValueAndWildcard()
    {
        PolicyRoute route = Route("10.0.0.0/24", large: [new LargeCommunity(64512, 1, 2)]);
        Assert.True(Accepts("\"largeCommunity\": \"64512:1:2\"", route));
        Assert.True(Accepts("\"largeCommunity\": \"64512:*:2\"", route));
        Assert.False(Accepts("\"largeCommunity\": \"64512:1:3\"", route));
        Assert.False(Accepts("\"largeCommunity\": {\"all\": [\"64512:1:2\", \"64512:1:3\"]}", route));
    }

    [Fact]
    public void ExtendedCommunity_RouteTarget_MatchesEncodedValue()
    {
        // rt:65000:100 = type 0x00 subtype 0x02, AS 65000 (0xFDE8), value 100.
        PolicyRoute route = Route("10.0.0.0/24", extended: [0x0002FDE800000064]);
        Assert.True(Accepts("\"extendedCommunity\": \"rt:65000:100\"", route));
        Assert.True(Accepts("\"extendedCommunity\": \"0x0002fde800000064\"", route));
        Assert.False(Accepts("\"extendedCommunity\": \"soo:65000:100\"", route));
    }

    [Fact]
    public void AsPath_BeginsWith_IsCalicoAsPathPrefix()
    {
        Assert.True(Accepts("\"asPath\": {\"beginsWith\": [65000, 65001]}", Route("10.0.0.0/24", asPath: [65000, 65001, 65002])));
        Assert.False(Accepts("\"asPath\": {\"beginsWith\": [65000, 65001]}", Route("10.0.0.0/24", asPath: [65001, 65000])));
        Assert.False(Accepts("\"asPath\": {\"beginsWith\": [65000, 65001]}", Route("10.0.0.0/24", asPath: [65000])));
    }

    [Fact]
    public void AsPath_Contains_MatchesAnywhereInThePath()
    {
        Assert.True(Accepts("\"asPath\": {\"contains\": 65002}", Route("10.0.0.0/24", asPath: [65000, 65001, 65002])));
        Assert.False(Accepts("\"asPath\": {\"contains\": [65009, 65010]}", Route("10.0.0.0/24", asPath: [65000, 65001])));
    }

    [Theory]
    [InlineData(new uint[0], false)]
    [InlineData(new uint[] { 65000 }, true)]
    [InlineData(new uint[] { 65000, 65001 }, true)]
    [InlineData(new uint[] { 65000, 65001, 65002 }, false)]
    public void AsPath_Length_MatchesTheRange(uint[] path, bool expected) =>
        Assert.Equal(expected, Accepts("\"asPath\": {\"length\": {\"min\": 1, \"max\": 2}}", Route("10.0.0.0/24", asPath: path)));

    [Fact]
    public void NextHop_AddressOrPrefix()
    {
        Assert.True(Accepts("\"nextHop\": \"192.0.2.254\"", Route("10.0.0.0/24")));
        Assert.True(Accepts("\"nextHop\": \"192.0.2.0/24\"", Route("10.0.0.0/24")));
        Assert.False(Accepts("\"nextHop\": \"198.51.100.0/24\"", Route("10.0.0.0/24")));
        Assert.True(Accepts("\"nextHop\": \"2001:db8::/64\"", Route("2001:db8:5::/48", nextHop: "2001:db8::1")));
    }

    [Fact]
    public void PeerType_MatchesTheSessionKind()
    {
        Assert.True(Accepts("\"peerType\": \"ibgp\"", Route("10.0.0.0/24", session: SessionType.Internal)));
        Assert.False(Accepts("\"peerType\": \"ibgp\"", Route("10.0.0.0/24", session: SessionType.External)));
        Assert.True(Accepts("\"peerType\": \"eBGP\"", Route("10.0.0.0/24", session: SessionType.External)));
    }

    [Fact]
    public void Source_RemotePeers_IsAnyBgpRoute()
    {
        Assert.True(Accepts("\"source\": \"RemotePeers\"", Route("10.0.0.0/24")));
        Assert.False(Accepts("\"source\": \"remote-peers\"", Local("10.0.0.0/24")));
        Assert.True(Accepts("\"source\": [\"local\", \"kernel\"]", Kernel("10.0.0.0/24", "eth0")));
    }

    [Fact]
    public void FromPeer_MatchesTheLearningPeerByName()
    {
        Assert.True(Accepts("\"fromPeer\": \"tor\"", Route("10.0.0.0/24", fromPeer: "tor")));
        Assert.False(Accepts("\"fromPeer\": [\"rr1\", \"rr2\"]", Route("10.0.0.0/24", fromPeer: "tor")));
        Assert.False(Accepts("\"fromPeer\": \"tor\"", Local("10.0.0.0/24")));
    }

    [Theory]
    [InlineData("vxlan.calico", true)]
    [InlineData("wireguard.cali", true)]
    [InlineData("tunl0", true)]
    [InlineData("cali1234abcd", false)]
    [InlineData("eth0", false)]
    public void Interface_GlobOnTheKernelInterface(string iface, bool expected) =>
        Assert.Equal(expected, Accepts("\"interface\": [\"*.cali\", \"*.calico\", \"tunl?\"]", Kernel("10.0.0.0/24", iface)));

    [Fact]
    public void Interface_NeverMatchesARouteWithoutOne() =>
        Assert.False(Accepts("\"interface\": \"*\"", Route("10.0.0.0/24")));

    [Fact]
    public void Family_MatchesTheAddressFamily()
    {
        Assert.True(Accepts("\"family\": \"ipv4\"", Route("10.0.0.0/24")));
        Assert.False(Accepts("\"family\": \"ipv4\"", Route("2001:db8::/32", nextHop: "2001:db8::1")));
        Assert.True(Accepts("\"family\": \"ipv6\"", Route("2001:db8::/32", nextHop: "2001:db8::1")));
    }

    [Fact]
    public void LocalPref_MatchesEquality()
    {
        Assert.True(Accepts("\"localPref\": 200", Route("10.0.0.0/24", localPref: 200)));
        Assert.False(Accepts("\"localPref\": 200", Route("10.0.0.0/24", localPref: 100)));
        Assert.False(Accepts("\"localPref\": 200", Route("10.0.0.0/24")));
    }

    [Fact]
    public void Priority_IsLocalPrefOf2147483647Minus()
    {
        Assert.True(Accepts("\"priority\": 512", Route("10.0.0.0/24", localPref: 2147483647 - 512)));
        Assert.False(Accepts("\"priority\": 512", Route("10.0.0.0/24", localPref: 2147483647 - 1024)));
    }

    [Fact]
    public void Med_MatchesEquality()
    {
        Assert.True(Accepts("\"med\": 50", Route("10.0.0.0/24", med: 50)));
        Assert.False(Accepts("\"med\": 50", Route("10.0.0.0/24", med: 51)));
    }

    [Fact]
    public void Match_AllConditionsMustHold()
    {
        const string Match = "\"prefix\": \"10.0.0.0/8\", \"peerType\": \"ebgp\", \"community\": \"64512:1\"";
        Assert.True(Accepts(Match, Route("10.0.0.0/24", communities: [Community(64512, 1)])));
        Assert.False(Accepts(Match, Route("10.0.0.0/24")));
        Assert.False(Accepts(Match, Route("10.0.0.0/24", communities: [Community(64512, 1)], session: SessionType.Internal)));
    }
}
