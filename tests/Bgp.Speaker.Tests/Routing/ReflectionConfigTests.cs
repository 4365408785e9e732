using Bgp.RouteReflector;
using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Routing;

public sealed class ReflectionConfigTests
{
    private const string Head = """{ "localAs": 65000, "routerId": "10.0.0.1", """;

    [Theory]
    [InlineData("\"10.0.0.9\"", 0x0A000009u)]
    [InlineData("167772161", 167772161u)]
    [InlineData("\"167772161\"", 167772161u)]
    public void RouteReflector_ClusterId_AsAddressOrInteger(string clusterId, uint expected)
    {
        var options = ConfigLoader.Parse(Head + $$"""
            "routeReflector": { "clusterId": {{clusterId}}, "clientToClientReflection": false } }
            """, "bgpd.json");

        Assert.Equal(new RouteReflectorOptions { ClusterId = new ClusterId(expected), ClientToClientReflection = false }, options.RouteReflector);
    }

    [Fact]
    public void RouteReflector_Empty_UsesTheRouterId_AndReflectsClientToClient()
    {
        var options = ConfigLoader.Parse(Head + """ "routeReflector": {} }""", "bgpd.json");

        Assert.Null(options.RouteReflector!.ClusterId);
        Assert.True(options.RouteReflector.ClientToClientReflection);
        Assert.Equal("10.0.0.1", options.RouteReflector.EffectiveClusterId(0x0A000001).ToString());
        Assert.Null(ConfigLoader.Parse(Head + """ "peers": [] }""", "bgpd.json").RouteReflector);
    }

    [Fact]
    public void RouteReflectorClient_FromPeerDefaults_AppliesToIbgpPeersOnly()
    {
        var options = ConfigLoader.Parse(Head + """
            "routeReflector": {},
            "peerDefaults": { "remoteAs": 65000, "routeReflectorClient": true },
            "peers": [ { "address": "10.0.0.11" }, { "address": "10.0.0.12", "routeReflectorClient": false },
                       { "address": "192.0.2.1", "remoteAs": 65001 } ] }
            """, "bgpd.json");

        Assert.Equal([true, false, false], options.Peers.Select(p => p.RouteReflectorClient));
    }

    [Fact]
    public void RouteReflectorClient_Change_IsASessionChange()
    {
        var peer = RoutingTestKit.Peer("c1", 65000, "10.0.0.11");

        Assert.False(peer.EqualsExceptPolicy(peer with { RouteReflectorClient = true }));
    }

    [Theory]
    [InlineData(""" "routeReflector": { "clusterId": "2001:db8::1" } }""", "bgpd.json: routeReflector.clusterId: must be an IPv4 address")]
    [InlineData(""" "routeReflector": { "clusterId": -1 } }""", "bgpd.json: routeReflector.clusterId: must be an IPv4 address")]
    [InlineData(""" "routeReflector": { "clusterID": "10.0.0.1" } }""", "bgpd.json: routeReflector.clusterID: unknown field; did you mean clusterId?")]
    [InlineData(""" "routeReflector": { "clientToClientReflection": "no" } }""", "bgpd.json: routeReflector.clientToClientReflection: must be true or false")]
    [InlineData(""" "routeReflector": true }""", "bgpd.json: routeReflector: must be an object")]
    [InlineData(""" "peers": [ { "address": "10.0.0.11", "remoteAs": 65000, "routeReflectorClient": true } ] }""",
        "bgpd.json: peers[0].routeReflectorClient: this speaker is not a route reflector")]
    [InlineData(""" "peerDefaults": { "routeReflectorClient": true }, "peers": [ { "address": "10.0.0.11", "remoteAs": 65000 } ] }""",
        "bgpd.json: peerDefaults.routeReflectorClient: this speaker is not a route reflector")]
    [InlineData(""" "routeReflector": {}, "peers": [ { "address": "192.0.2.1", "remoteAs": 65001, "routeReflectorClient": true } ] }""",
        "bgpd.json: peers[0].routeReflectorClient: peer '192.0.2.1' is eBGP (AS 65001); route-reflector clients are internal peers")]
    public void Errors_NameFileAndField(string rest, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + rest, "bgpd.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
