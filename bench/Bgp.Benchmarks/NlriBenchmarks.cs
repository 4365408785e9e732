using BenchmarkDotNet.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Benchmarks;

/// <summary>The NLRI field alone: 500 IPv4 /24 prefixes, with and without ADD-PATH path identifiers.</summary>
[MemoryDiagnoser]
public class NlriBenchmarks
{
    private const int PrefixCount = 500;
    private byte[] _plain = [];
    private byte[] _addPath = [];
    private NlriEntry[] _entries = [];
    private byte[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        _entries = new NlriEntry[PrefixCount];
        for (var i = 0; i < PrefixCount; i++)
        {
            _entries[i] = new NlriEntry(IpPrefix.FromIpv4(0x0A000000u | ((uint)i << 8), 24), (uint)i + 1);
        }

        _plain = Encode(addPath: false);
        _addPath = Encode(addPath: true);
        _output = new byte[_addPath.Length];
    }

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public uint Decode_Ipv4()
    {
        uint sum = 0;
        foreach (var entry in new NlriEnumerator(_plain, Afi.Ipv4, addPath: false))
        {
            sum += (uint)entry.Prefix.AddressBits;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public uint Decode_Ipv4_AddPath()
    {
        uint sum = 0;
        foreach (var entry in new NlriEnumerator(_addPath, Afi.Ipv4, addPath: true))
        {
            sum += entry.PathId;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Encode_Ipv4()
    {
        var offset = 0;
        foreach (ref readonly var entry in _entries.AsSpan())
        {
            offset += NlriCodec.Write(_output.AsSpan(offset), entry, addPath: false);
        }

        return offset;
    }

    private byte[] Encode(bool addPath)
    {
        var buffer = new byte[PrefixCount * 9];
        var offset = 0;
        foreach (var entry in _entries)
        {
            offset += NlriCodec.Write(buffer.AsSpan(offset), entry, addPath);
        }

        return buffer[..offset];
    }
}
