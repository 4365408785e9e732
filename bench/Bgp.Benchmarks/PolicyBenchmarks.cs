using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;

namespace Bgp.Benchmarks;

/// <summary>
/// One policy evaluation: Calico's export chain (the shape of docs/examples/calico-policy.json),
/// a BGPFilter-style import that accepts unchanged (the reflector's common path: no allocation),
/// and a policy with a 1,000-prefix list (trie).
/// </summary>
[MemoryDiagnoser]
public class PolicyBenchmarks
{
    private const int LargeListSize = 1000;

    private PolicyChain _export = null!;
    private PolicyChain _import = null!;
    private PolicyChain _large = null!;
    private PolicyRoute _borrowedSlash32;
    private PolicyRoute _hiddenSlash32;
    private PolicyRoute _learned;
    private PolicyRoute _inLargeList;

    [GlobalSetup]
    public void Setup()
    {
        string list = string.Join(", ", Enumerable.Range(0, LargeListSize).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"\"172.{16 + (i >> 8)}.{i & 0xFF}.0/24\"")));
        SpeakerOptions options = ConfigLoader.Parse($$"""
            {
              "localAs": 64512, "routerId": "10.0.0.11",
              "prefixSets": {
                "pools": ["10.244.0.0/16", "10.245.0.0/16"], "no-export": ["10.99.0.0/16"],
                "blocks": ["10.244.3.0/26"], "static": ["10.96.0.0/12"], "big": [{{list}}]
              },
              "policies": {
                "priority": { "rules": [ { "match": { "source": "local" }, "actions": { "setPriority": 1024 }, "then": "next" } ] },
                "calico-export": { "default": "reject", "rules": [
                  { "match": { "prefixSet": "no-export" }, "then": "reject" },
                  { "match": { "peerType": "ibgp", "interface": ["*.cali", "*.calico", "tunl0"] }, "then": "reject" },
                  { "match": { "interface": "bpf*.cali" }, "then": "reject" },
                  { "match": { "prefix": "10.244.0.0/16" }, "actions": { "addCommunities": "64512:100" }, "then": "next" },
                  { "match": { "prefixSet": "blocks", "prefixMatch": "equal" }, "then": "accept" },
                  { "match": { "prefixSet": "blocks", "prefixLength": { "min": 27 }, "priority": { "max": 1023 } }, "then": "accept" },
                  { "match": { "prefixSet": "blocks", "prefixLength": { "min": 27 } }, "then": "reject" },
                  { "match": { "prefixSet": "static" }, "then": "accept" },
                  { "match": { "prefixSet": "pools" }, "then": "accept" } ] },
                "import": { "default": "accept", "rules": [
                  { "match": { "community": "blackhole" }, "then": "reject" },
                  { "match": { "asPath": { "beginsWith": [65001] } }, "actions": { "setPriority": 100 }, "then": "accept" },
                  { "match": { "prefixSet": "pools" }, "then": "reject" } ] },
                "large": { "default": "reject", "rules": [ { "match": { "prefixSet": "big" }, "then": "accept" } ] }
              },
              "peers": [ { "address": "10.0.0.10", "remoteAs": 64512 } ]
            }
            """, "bench.json");
        _export = options.Policies.Chain(["priority", "calico-export"]);
        _import = options.Policies.Chain(["import"]);
        _large = options.Policies.Chain(["large"]);

        var attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, LocalPref = 2147483647 - 1024 };
        _borrowedSlash32 = Kernel("10.244.9.7/32", "cali12345678", attributes);
        _hiddenSlash32 = Kernel("10.244.3.7/32", "cali12345678", attributes);
        var learned = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.FromSequence(65000, 65100),
            NextHop = 0xC0000201,
            LocalPref = 100,
            Communities = [(64512u << 16) | 7],
        };
        _learned = new PolicyRoute(IpPrefix.Parse("198.51.100.0/24"), learned) { Source = RouteSourceKind.Bgp, FromPeer = "tor", Session = SessionType.External };
        _inLargeList = _learned with { Prefix = IpPrefix.Parse("172.18.200.0/24") };
    }

    /// <summary>Accepted with a community added: one new attribute set.</summary>
    [Benchmark]
    public PolicyDecision CalicoExport_BorrowedSlash32_AcceptTagged() => _export.Evaluate(_borrowedSlash32).Decision;

    /// <summary>Rejected by the block aggregation rule, after the tagging rule ran: nothing kept.</summary>
    [Benchmark]
    public PolicyDecision CalicoExport_HiddenSlash32_Reject() => _export.Evaluate(_hiddenSlash32).Decision;

    /// <summary>The reflector's common path: every rule misses, default accept, attributes unchanged.</summary>
    [Benchmark(Baseline = true)]
    public PolicyDecision Import_AcceptUnchanged() => _import.Evaluate(_learned).Decision;

    /// <summary>A 1,000-prefix list, matched through the trie.</summary>
    [Benchmark]
    public PolicyDecision LargePrefixList_Accept() => _large.Evaluate(_inLargeList).Decision;

    private static PolicyRoute Kernel(string prefix, string iface, PathAttributes attributes) =>
        new(IpPrefix.Parse(prefix), attributes)
        {
            NextHop = MpNextHop.FromIPAddress(IPAddress.Parse("10.0.0.11")),
            Source = RouteSourceKind.Kernel,
            Interface = iface,
            Session = SessionType.Internal,
        };
}
