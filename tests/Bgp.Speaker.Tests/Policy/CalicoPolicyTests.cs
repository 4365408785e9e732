using Bgp.Protocol.Attributes;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Tests.Configuration;
using Xunit;
using static Bgp.Speaker.Tests.Policy.PolicyTestKit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>
/// Calico's export chain (calico-bird.md §2.2 + §2.3) and a BGPFilter (§2.8), written as policies in
/// docs/examples/calico-policy.json, decide sample routes the way BIRD inside calico-node does.
/// </summary>
public sealed class CalicoPolicyTests
{
    private const uint NormalLocalPref = 2147483647 - 1024;
    private static readonly SpeakerOptions Options =
        ConfigLoader.Load(Path.Combine(DocExamplesTests.RepositoryRoot(), "docs", "examples", "calico-policy.json"));

    private static PeerOptions Peer(string name) => Options.Peers.Single(p => p.Name == name);

    private static PolicyChain MeshExport => Options.Policies.ExportChain(Peer("Mesh_10_0_0_10"));

    private static PolicyChain TorExport => Options.Policies.ExportChain(Peer("tor"));

    private static PolicyChain TorImport => Options.Policies.ImportChain(Peer("tor"));

    /// <summary>A kernel route with BIRD's LOCAL_PREF = 2147483647 - krt_metric.</summary>
    private static PolicyRoute Felix(string prefix, string iface, uint metric = 1024, SessionType session = SessionType.Internal)
    {
        PolicyRoute route = Kernel(prefix, iface, session);
        return route with { Attributes = new PathAttributes { AsPath = AsPath.Empty, LocalPref = 2147483647 - metric } };
    }

    [Fact]
    public void Export_DisableBgpExportPool_IsRejected() =>
        Assert.False(MeshExport.Evaluate(Felix("10.99.1.0/26", "cali1234")).IsAccepted);

    [Theory]
    [InlineData("vxlan.calico")]
    [InlineData("wireguard.cali")]
    [InlineData("tunl0")]
    public void Export_TunnelInterfaceRoute_IsRejectedToIbgp_ButNotToEbgp(string iface)
    {
        Assert.False(MeshExport.Evaluate(Felix("10.245.7.0/26", iface)).IsAccepted);
        Assert.True(Options.Policies.Chain(["calico-export"]).Evaluate(Felix("10.245.7.0/26", iface, session: SessionType.External)).IsAccepted);
    }

    [Fact]
    public void Export_EbpfLocalRoute_IsRejected() =>
        Assert.False(MeshExport.Evaluate(Felix("10.244.3.5/32", "bpfout.cali")).IsAccepted);

    [Fact]
    public void Export_LocalBlock_IsAcceptedWithPrefixAdvertisementCommunitiesAndNormalPriority()
    {
        PolicyResult result = MeshExport.Evaluate(Local("10.244.3.0/26"));
        Assert.True(result.IsAccepted);
        Assert.Equal([Community(64512, 100)], result.Attributes.Communities);
        Assert.Equal([new LargeCommunity(64512, 1, 1)], result.Attributes.LargeCommunities);
        Assert.Equal(NormalLocalPref, result.Attributes.LocalPref);
    }

    [Fact]
    public void Export_WorkloadRouteInsideLocalBlock_HidesBehindTheBlock() =>
        Assert.False(MeshExport.Evaluate(Felix("10.244.3.5/32", "cali1234abcd")).IsAccepted);

    [Fact]
    public void Export_ElevatedPriorityWorkloadRoute_IsAcceptedAsMoreSpecific()
    {
        PolicyResult result = MeshExport.Evaluate(Felix("10.244.3.5/32", "cali1234abcd", metric: 512));
        Assert.True(result.IsAccepted);
        Assert.Equal("calico-export", result.DecidedBy!.Name);
        Assert.Equal(5, result.RuleIndex);
    }

    [Fact]
    public void Export_BorrowedIpFromAnotherNodesBlock_IsExportedAsSlash32() =>
        Assert.True(MeshExport.Evaluate(Felix("10.244.9.7/32", "cali5678")).IsAccepted);

    [Fact]
    public void Export_ServiceClusterIpStaticRoute_IsAccepted() =>
        Assert.True(MeshExport.Evaluate(Local("10.96.0.0/12")).IsAccepted);

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("10.0.0.0/24")]
    [InlineData("192.168.50.0/24")]
    public void Export_DefaultRouteNodeSubnetAndNonPool_AreNeverExported(string prefix) =>
        Assert.False(MeshExport.Evaluate(Felix(prefix, "eth0")).IsAccepted);

    [Fact]
    public void BgpFilterExport_VxlanMoreSpecific_TaggedAndPrependedInListedOrder()
    {
        PolicyResult result = TorExport.Evaluate(Felix("10.245.1.0/26", "vxlan.calico", session: SessionType.External) with { LocalAs = 64512 });
        Assert.True(result.IsAccepted);
        Assert.Equal("tor-filter-export", result.DecidedBy!.Name);
        Assert.Equal([Community(64512, 200)], result.Attributes.Communities);
        Assert.Equal("64512 64512", result.Attributes.AsPath!.ToString());
    }

    [Fact]
    public void BgpFilterExport_RemotePeersRoute_IsRejected() =>
        Assert.False(TorExport.Evaluate(Route("10.244.9.0/26", session: SessionType.External)).IsAccepted);

    [Fact]
    public void BgpFilterExport_HostInterfaceRouteToEbgp_IsRejected() =>
        Assert.False(TorExport.Evaluate(Felix("10.244.9.0/26", "eth1", session: SessionType.External)).IsAccepted);

    [Fact]
    public void BgpFilterExport_Priority512_IsRejected_EvenInsideThePool()
    {
        Assert.False(TorExport.Evaluate(Felix("10.244.9.7/32", "cali1", metric: 512, session: SessionType.External)).IsAccepted);
        Assert.Equal("tor-filter-export", TorExport.Evaluate(Felix("10.244.9.7/32", "cali1", metric: 512, session: SessionType.External)).DecidedBy!.Name);
    }

    [Fact]
    public void BgpFilterExport_NoRuleMatches_FallsThroughToCalicoLogic()
    {
        PolicyResult block = TorExport.Evaluate(Local("10.244.3.0/26", SessionType.External));
        Assert.True(block.IsAccepted);
        Assert.Equal("calico-export", block.DecidedBy!.Name);
        Assert.False(TorExport.Evaluate(Felix("10.244.3.9/32", "cali1", session: SessionType.External)).IsAccepted);
    }

    [Fact]
    public void BgpFilterImport_BlackholeCommunity_IsRejected() =>
        Assert.False(TorImport.Evaluate(Route("198.51.100.0/24", communities: [0xFFFF029A])).IsAccepted);

    [Fact]
    public void BgpFilterImport_AsPathPrefix_SetsPriority()
    {
        PolicyResult result = TorImport.Evaluate(Route("198.51.100.0/24", asPath: [65001, 65100], localPref: 100));
        Assert.True(result.IsAccepted);
        Assert.Equal(2147483647u - 100, result.Attributes.LocalPref);
    }

    [Fact]
    public void BgpFilterImport_PoolRouteFromOutside_IsRejected_OthersAcceptedUnchanged()
    {
        Assert.False(TorImport.Evaluate(Route("10.244.0.0/16")).IsAccepted);
        PolicyRoute other = Route("203.0.113.0/24", asPath: [65000]);
        PolicyResult result = TorImport.Evaluate(other);
        Assert.True(result.IsAccepted);
        Assert.Same(other.Attributes, result.Attributes);
    }
}
