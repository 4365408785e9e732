using System.Diagnostics;
using System.Globalization;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Decision;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Routing;

namespace Bgp.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project bench/Bgp.Benchmarks -- rib-memory`: the issue-4 memory
/// target, at most 150 bytes per path in a Loc-RIB of 1M paths (100k IPv4 /24 × 10 peers, each
/// peer with its own interned attribute set). Measured as the managed heap after a full GC
/// (<see cref="GC.GetTotalMemory(bool)"/>) after building and draining, minus before. Also the
/// reflector shape: 200k prefixes with one path each (20 clients × 10k), and what one update
/// group's Adj-RIB-Out adds per advertised prefix.
/// </summary>
internal static class RibMemory
{
    public const string Command = "rib-memory";

    public static void Run()
    {
        Measure("1M paths: 100k prefixes x 10 peers", prefixes: 100_000, peers: 10, distinctPrefixesPerPeer: false);
        Measure("200k paths: 20 clients x 10k distinct prefixes", prefixes: 10_000, peers: 20, distinctPrefixesPerPeer: true);
    }

    private static void Measure(string title, int prefixes, int peers, bool distinctPrefixesPerPeer)
    {
        var interner = new AttributeInterner();
        var sources = new RouteSource[peers];
        var sets = new RouteAttributes[peers];
        for (var p = 0; p < peers; p++)
        {
            sources[p] = RibBenchmarks.Peer(p + 1, routerId: (uint)(p + 1));
            sets[p] = interner.Intern(RibBenchmarks.Attributes(65001 + (uint)p, med: 0, nextHop: 0x0A000001u + (uint)p), NlriCarrier.NlriField);
        }

        var changes = new List<RibChange>(distinctPrefixesPerPeer ? prefixes * peers : prefixes);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var rib = new LocRib(DecisionOptions.Default, ipv4Capacity: distinctPrefixesPerPeer ? prefixes * peers : prefixes);
        for (var p = 0; p < peers; p++)
        {
            for (var i = 0; i < prefixes; i++)
            {
                var index = distinctPrefixesPerPeer ? p * prefixes + i : i;
                rib.Update(sources[p], IpPrefix.FromIpv4(0x0A000000u + ((uint)index << 8), 24), 0, sets[p]);
            }
        }

        var built = clock.Elapsed;
        rib.DrainChanges(changes);
        var drained = clock.Elapsed - built;
        changes.Clear();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var paths = rib.PathCount;
        var bytes = after - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {paths:N0} paths, {rib.DestinationCount:N0} destinations, {interner.Count} attribute sets; " +
            $"{bytes / (double)paths:F1} bytes/path ({bytes / 1048576.0:F1} MiB); " +
            $"insert {built.TotalMilliseconds:F0} ms ({paths / built.TotalSeconds / 1e6:F2} M paths/s), " +
            $"decision {drained.TotalMilliseconds:F0} ms"));
        if (distinctPrefixesPerPeer)
        {
            MeasureAdjRibOut(rib, sources, sets);
        }

        GC.KeepAlive(rib);
        GC.KeepAlive(changes);
    }

    /// <summary>One update group's Adj-RIB-Out holding every prefix of <paramref name="rib"/> (the reflector advertises all of them).</summary>
    private static void MeasureAdjRibOut(LocRib rib, RouteSource[] sources, RouteAttributes[] sets)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var adjRibOut = new AdjRibOut();
        var i = 0;
        foreach (var destination in rib.GetDestinations(Bgp.Protocol.AddressFamily.Ipv4Unicast))
        {
            var peer = i++ % sources.Length;
            adjRibOut.Set(destination, new OutRoute(0, sets[peer].AddRef(), sources[peer]));
        }

        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  + one update group's Adj-RIB-Out of {adjRibOut.Count:N0} prefixes: {bytes / (double)adjRibOut.Count:F1} bytes/prefix ({bytes / 1048576.0:F1} MiB)"));
        GC.KeepAlive(adjRibOut);
    }
}
