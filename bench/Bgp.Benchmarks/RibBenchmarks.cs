using System.Net;
using BenchmarkDotNet.Attributes;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Decision;
using Bgp.Speaker.Rib;

namespace Bgp.Benchmarks;

/// <summary>
/// The issue-4 decision and Loc-RIB figures: one best-path compare decided by a late tie-breaker
/// (BGP Identifier, after LOCAL_PREF, AS_PATH, ORIGIN, MED, eBGP/iBGP and IGP cost all tie), a
/// selection over a 10-path destination, and the Loc-RIB insert rate (100k prefixes from one peer
/// sharing one interned attribute set, decision process included: insert, then drain the changes).
/// Memory per path is measured by <see cref="RibMemory"/> (`-- rib-memory`).
/// </summary>
[MemoryDiagnoser]
public class RibBenchmarks
{
    private const int InsertPrefixes = 100_000;
    private const int DestinationPaths = 10;
    private const uint LocalAs = 64512;

    private readonly List<RibChange> _changes = new(InsertPrefixes);
    private AttributeInterner _interner = null!;
    private PathComparer _comparer = null!;
    private BestPathSelector _selector = null!;
    private RibPath _first = null!;
    private RibPath _second = null!;
    private Destination _tenPaths = null!;
    private RouteSource _peer = null!;
    private RouteAttributes _shared = null!;

    [GlobalSetup]
    public void Setup()
    {
        _interner = new AttributeInterner();
        _comparer = new PathComparer(DecisionOptions.Default);
        _selector = new BestPathSelector(DecisionOptions.Default);
        var attributes = Attributes(65001, med: 20);
        _first = RibPath.Create(Peer(1, routerId: 1), _interner.Intern(attributes, NlriCarrier.NlriField));
        _second = RibPath.Create(Peer(2, routerId: 2), _interner.Intern(attributes, NlriCarrier.NlriField));

        _tenPaths = new Destination(IpPrefix.FromIpv4(0x0A000000, 24));
        for (var i = 0; i < DestinationPaths; i++)
        {
            // Two neighbor ASes, MEDs and router ids varied so deterministic MED groups and every rule up to the router id is read.
            var set = _interner.Intern(Attributes(65001 + (uint)(i % 2), med: (uint)(i % 3)), NlriCarrier.NlriField);
            _tenPaths.Add(RibPath.Create(Peer(i + 1, routerId: (uint)(100 - i)), set));
        }

        _peer = Peer(1, routerId: 1);
        _shared = _interner.Intern(Attributes(65001, med: 0), NlriCarrier.NlriField);
    }

    [Benchmark]
    public PathComparison CompareLateTieBreaker() => _comparer.Compare(_first, _second);

    [Benchmark]
    public BestPathResult SelectTenPaths() => _selector.Select(_tenPaths);

    /// <summary>Per prefix: the reciprocal is the insert rate.</summary>
    [Benchmark(OperationsPerInvoke = InsertPrefixes)]
    public int LocRibInsert100kThenDrain()
    {
        var rib = new LocRib(DecisionOptions.Default, ipv4Capacity: InsertPrefixes);
        for (var i = 0; i < InsertPrefixes; i++)
        {
            rib.Update(_peer, IpPrefix.FromIpv4(0x0A000000u + ((uint)i << 8), 24), 0, _shared);
        }

        _changes.Clear();
        return rib.DrainChanges(_changes);
    }

    internal static RouteSource Peer(int n, uint routerId) =>
        RouteSource.ForPeer($"peer{n}", new IPAddress(0x0100000Au + ((uint)n << 24)), LocalAs, LocalAs, routerId);

    internal static PathAttributes Attributes(uint neighborAs, uint med, uint nextHop = 0x0A000001) => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(neighborAs, 65100),
        NextHop = nextHop,
        LocalPref = 100,
        MultiExitDisc = med,
        Communities = [0xFDE90064],
    };
}
