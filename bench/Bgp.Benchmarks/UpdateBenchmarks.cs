using BenchmarkDotNet.Attributes;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;

namespace Bgp.Benchmarks;

/// <summary>
/// The issue-2 targets: decode at most 5 ns and encode at most 10 ns per prefix, with 0 bytes
/// allocated on the view path. Every benchmark handles one UPDATE of 500 prefixes and reports
/// per prefix (OperationsPerInvoke = 500):
/// IPv4 /24 in the NLRI field, IPv6 /48 in MP_REACH_NLRI (global + link-local next hop), each
/// with and without ADD-PATH. Decoding means what a session's hot path does: split and validate
/// the UPDATE (<see cref="UpdateView.Parse"/>), walk every attribute, and enumerate every prefix.
/// Encoding writes the whole UPDATE from pre-encoded attributes (one encoding per attribute set)
/// and a span of NLRI.
/// </summary>
[MemoryDiagnoser]
public class UpdateBenchmarks
{
    private const int PrefixCount = 500;

    private static readonly PathAttributes Attributes = new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(65001, 65002, 4200000001),
        NextHop = 0xC0000201, // 192.0.2.1
        MultiExitDisc = 20,
        LocalPref = 100,
        Communities = [0xFDE90064, (uint)WellKnownCommunity.NoExport],
        LargeCommunities = [new LargeCommunity(65001, 1, 2)],
    };

    private static readonly MpNextHop Ipv6NextHop = MpNextHop.Ipv6(
        UInt128.Parse("42540766411282592856903984951653826561"), // 2001:db8::1
        UInt128.Parse("338288524927261089654018896841347694593")); // fe80::1

    // Extended messages (RFC 8654) so that 500 prefixes with path identifiers fit in one UPDATE.
    private static readonly EncodeContext Plain = new() { FourOctetAs = true, ExtendedMessages = true };
    private static readonly EncodeContext AddPath = Plain with { AddPathSend = AddressFamilySet.All };

    private NlriEntry[] _ipv4 = [];
    private NlriEntry[] _ipv6 = [];
    private byte[] _ipv4Attributes = [];
    private byte[] _ipv6Attributes = [];
    private byte[] _ipv4Update = [];
    private byte[] _ipv4AddPathUpdate = [];
    private byte[] _ipv6Update = [];
    private byte[] _ipv6AddPathUpdate = [];
    private byte[] _output = [];

    [GlobalSetup]
    public void Setup()
    {
        _ipv4 = new NlriEntry[PrefixCount];
        _ipv6 = new NlriEntry[PrefixCount];
        for (var i = 0; i < PrefixCount; i++)
        {
            _ipv4[i] = new NlriEntry(IpPrefix.FromIpv4(0x0A000000u | ((uint)i << 8), 24), (uint)i + 1);
            _ipv6[i] = new NlriEntry(IpPrefix.FromIpv6(new UInt128(0x20010DB800000000ul | ((ulong)i << 16), 0), 48), (uint)i + 1);
        }

        _ipv4Attributes = Attributes.ToArray(Plain, includeMultiprotocol: false);
        _ipv6Attributes = new PathAttributes
        {
            Origin = Attributes.Origin,
            AsPath = Attributes.AsPath,
            MultiExitDisc = Attributes.MultiExitDisc,
            LocalPref = Attributes.LocalPref,
            Communities = Attributes.Communities,
            LargeCommunities = Attributes.LargeCommunities,
        }.ToArray(Plain, includeMultiprotocol: false);

        _output = new byte[BgpConstants.ExtendedMaxMessageLength];
        _ipv4Update = EncodeIpv4(Plain);
        _ipv4AddPathUpdate = EncodeIpv4(AddPath);
        _ipv6Update = EncodeIpv6(Plain);
        _ipv6AddPathUpdate = EncodeIpv6(AddPath);
    }

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Decode_Ipv4() => DecodeIpv4(_ipv4Update, Plain.ToPeerDecodeContext());

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Decode_Ipv4_AddPath() => DecodeIpv4(_ipv4AddPathUpdate, AddPath.ToPeerDecodeContext());

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Decode_Ipv6MpReach() => DecodeMpReach(_ipv6Update, Plain.ToPeerDecodeContext());

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Decode_Ipv6MpReach_AddPath() => DecodeMpReach(_ipv6AddPathUpdate, AddPath.ToPeerDecodeContext());

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Encode_Ipv4() => EncodeIpv4Into(_output, Plain);

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Encode_Ipv4_AddPath() => EncodeIpv4Into(_output, AddPath);

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Encode_Ipv6MpReach() => EncodeIpv6Into(_output, Plain);

    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int Encode_Ipv6MpReach_AddPath() => EncodeIpv6Into(_output, AddPath);

    /// <summary>For comparison: the owned decode (RFC 7606 checks, objects for every prefix).</summary>
    [Benchmark(OperationsPerInvoke = PrefixCount)]
    public int DecodeOwned_Ipv4() => UpdateMessage.Decode(_ipv4Update.AsSpan(BgpConstants.HeaderLength), Plain.ToPeerDecodeContext()).Nlri.Count;

    private static int DecodeIpv4(byte[] update, DecodeContext context)
    {
        var view = UpdateView.Parse(update.AsSpan(BgpConstants.HeaderLength), context);
        var sum = WalkAttributes(view);
        foreach (var entry in view.Nlri)
        {
            sum += (int)entry.PathId + entry.Prefix.Length;
        }

        return sum;
    }

    private static int DecodeMpReach(byte[] update, DecodeContext context)
    {
        var view = UpdateView.Parse(update.AsSpan(BgpConstants.HeaderLength), context);
        var sum = WalkAttributes(view);
        if (view.TryGetMpReach(out var reach, out var status) && status == MpParseStatus.Ok)
        {
            foreach (var entry in reach.Nlri)
            {
                sum += (int)entry.PathId + entry.Prefix.Length;
            }
        }

        return sum;
    }

    private static int WalkAttributes(UpdateView view)
    {
        var sum = 0;
        foreach (var attribute in view.Attributes)
        {
            sum += attribute.TypeCode;
        }

        return sum;
    }

    private int EncodeIpv4Into(byte[] destination, in EncodeContext context)
    {
        UpdateEncoder.TryWriteIpv4(destination, context, [], _ipv4Attributes, _ipv4, out var written);
        return written;
    }

    private int EncodeIpv6Into(byte[] destination, in EncodeContext context)
    {
        UpdateEncoder.TryWriteMpReach(destination, context, AddressFamily.Ipv6Unicast, Ipv6NextHop, _ipv6Attributes, _ipv6, out var written);
        return written;
    }

    private byte[] EncodeIpv4(in EncodeContext context) => _output.AsSpan(0, EncodeIpv4Into(_output, context)).ToArray();

    private byte[] EncodeIpv6(in EncodeContext context) => _output.AsSpan(0, EncodeIpv6Into(_output, context)).ToArray();
}
