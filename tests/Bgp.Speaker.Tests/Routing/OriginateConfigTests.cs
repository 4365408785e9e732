using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Routing;

public sealed class OriginateConfigTests
{
    private const string Head = """{ "localAs": 65000, "routerId": "10.0.0.1", """;

    [Fact]
    public void Originate_ReadsEveryField_AndRoutingPeerFields()
    {
        var options = ConfigLoader.Parse(Head + """
            "originate": [ { "prefix": "10.64.0.0/24", "nextHop": "192.0.2.1", "communities": ["65000:100", "no-export"],
                             "largeCommunities": ["65000:1:2"], "med": 10, "localPref": 200, "origin": "incomplete" },
                           { "prefix": "2001:db8:64::/48" } ],
            "peers": [ { "address": "192.0.2.2", "remoteAs": 65001, "allowAsIn": 2, "nextHopSelf": true, "addPathSendMax": 3, "softReconfigurationInbound": true } ] }
            """, "bgpd.json");

        var route = options.Originate[0];
        Assert.Equal(IpPrefix.Parse("10.64.0.0/24"), route.Prefix);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), route.NextHop);
        Assert.Equal([65000u << 16 | 100, (uint)WellKnownCommunity.NoExport], route.Communities);
        Assert.Equal([new LargeCommunity(65000, 1, 2)], route.LargeCommunities);
        Assert.Equal((10u, 200u, Origin.Incomplete), (route.MultiExitDisc!.Value, route.LocalPref!.Value, route.Origin));
        Assert.Equal(new OriginatedRoute { Prefix = IpPrefix.Parse("2001:db8:64::/48") }, options.Originate[1]);
        var peer = Assert.Single(options.Peers);
        Assert.Equal((2, true, 3, true), (peer.AllowAsIn, peer.NextHopSelf, peer.AddPathSendMax, peer.SoftReconfigurationInbound));
    }

    [Theory]
    [InlineData("""[ { "prefix": "10.64.0.1/24" } ]""", "bgpd.json: originate[0].prefix: '10.64.0.1/24' has host bits set; did you mean 10.64.0.0/24?")]
    [InlineData("""[ { "nextHop": "192.0.2.1" } ]""", "bgpd.json: originate[0].prefix: missing (required)")]
    [InlineData("""[ { "prefix": "2001:db8::/32", "nextHop": "192.0.2.1" } ]""", "bgpd.json: originate[0].nextHop: '192.0.2.1' is not in the family of 2001:db8::/32")]
    [InlineData("""[ { "prefix": "10.0.0.0/8", "communities": ["65000:100000"] } ]""", "bgpd.json: originate[0].communities[0]: '65000:100000' is not a community")]
    [InlineData("""[ { "prefix": "10.0.0.0/8" }, { "prefix": "10.0.0.0/8" } ]""", "bgpd.json: originate[1].prefix: 10.0.0.0/8 is already originate[0]")]
    [InlineData("""[ { "prefix": "10.0.0.0/8", "origin": "bgp" } ]""", "bgpd.json: originate[0].origin:")]
    public void Originate_Errors_NameFileAndField(string originate, string expected)
    {
        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(Head + "\"originate\": " + originate + " }", "bgpd.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
