using System.Net;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Demo;
using Bgp.Speaker.Tests.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Demo;

/// <summary>The demo lab's configuration files: what the loader makes of them, and the copies in docs/examples.</summary>
public sealed class DemoConfigFilesTests
{
    private static readonly DemoTopology DefaultLab = new(DemoTopology.DefaultReflectorAddress, DemoTopology.DefaultPort, DemoTopology.DefaultNodeCount);

    [Fact]
    public void Reflector_IsARouteReflectorWithEveryNodeAsPassiveIbgpClient()
    {
        SpeakerOptions reflector = DemoConfigFiles.Load("rr.json", DemoConfigFiles.Reflector(DefaultLab));

        Assert.Equal(64512u, reflector.LocalAs);
        Assert.Equal(IPAddress.Parse("127.0.0.1"), reflector.RouterId);
        Assert.Equal(new ListenOptions { Address = IPAddress.Parse("127.0.0.1"), Port = 1790 }, reflector.Listen);
        Assert.Equal("244.0.0.1", reflector.RouteReflector?.EffectiveClusterId(0).ToString());
        Assert.Equal(["127.0.0.11", "127.0.0.12", "127.0.0.13", "127.0.0.14"], reflector.Peers.Select(peer => peer.Address.ToString()));
        Assert.All(reflector.Peers, peer =>
        {
            Assert.True(peer.RouteReflectorClient);
            Assert.False(peer.IsExternal(reflector.LocalAs));
            Assert.Equal(ConnectionMode.Passive, peer.Mode);
        });
        Assert.Empty(reflector.Originate);
    }

    [Fact]
    public void Nodes_ConnectToTheReflector_AndOriginateTheirOwnBlocks()
    {
        var blocks = new List<IpPrefix>();
        foreach (DemoNode node in DefaultLab.Nodes)
        {
            SpeakerOptions options = DemoConfigFiles.Load(node.Name + ".json", DemoConfigFiles.Node(DefaultLab, node));

            Assert.Null(options.Listen);
            Assert.Equal(node.Address, options.RouterId);
            PeerOptions reflector = Assert.Single(options.Peers);
            Assert.Equal((IPAddress.Parse("127.0.0.1"), 1790, ConnectionMode.Active, node.Address), (reflector.Address, reflector.Port, reflector.Mode, reflector.SourceAddress));
            Assert.Equal([node.Ipv4Block, node.Ipv6Block], options.Originate.Select(route => route.Prefix));
            Assert.All(options.Originate, route => Assert.Null(route.NextHop));
            blocks.AddRange(options.Originate.Select(route => route.Prefix));
        }

        Assert.Equal(blocks.Count, blocks.Distinct().Count());
        Assert.All(blocks.Where(block => block.Afi == Bgp.Protocol.Iana.Afi.Ipv4), block => Assert.Equal(26, block.Length));
        Assert.All(blocks.Where(block => block.Afi == Bgp.Protocol.Iana.Afi.Ipv6), block => Assert.Equal(122, block.Length));
    }

    /// <summary>docs/examples holds the default lab's reflector and first node verbatim, so the documented example is what runs.</summary>
    [Theory]
    [InlineData("demo-rr.json", 0)]
    [InlineData("demo-node-1.json", 1)]
    public void DocsExample_IsTheGeneratedFile(string example, int index)
    {
        string documented = File.ReadAllText(Path.Combine(DocExamplesTests.RepositoryRoot(), "docs", "examples", example));

        Assert.Equal(DemoConfigFiles.All(DefaultLab)[index].Json.ReplaceLineEndings("\n"), documented.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Topology_RefusesNodesThatDoNotFitInTheReflectorsSlash24()
    {
        Assert.Throws<ArgumentException>(() => new DemoTopology(IPAddress.Parse("127.0.0.240"), 1790, 6));
        Assert.Equal(IPAddress.Parse("127.0.0.254"), new DemoTopology(IPAddress.Parse("127.0.0.240"), 1790, 5).Nodes[^1].Address);
    }
}
