using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;

namespace Bgp.E2e;

/// <summary>
/// One tester's whole announcement, encoded before the clock starts: its M /24s packed into as few
/// 4,096-octet UPDATEs as fit (one attribute set: ORIGIN IGP, empty AS_PATH, NEXT_HOP, LOCAL_PREF),
/// followed by the IPv4 End-of-RIB (RFC 4724 §2).
/// </summary>
internal static class TesterLoad
{
    /// <summary>RFC 4271 §5.1.5: the customary default LOCAL_PREF.</summary>
    private const uint DefaultLocalPref = 100;

    public static byte[] Encode(Addressing addressing, int tester)
    {
        var context = new EncodeContext { FourOctetAs = true };
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.Empty,
            NextHop = Addressing.NextHop(tester),
            LocalPref = DefaultLocalPref,
        }.ToArray(context, includeMultiprotocol: false);

        var first = tester * addressing.PrefixesPerTester;
        var nlri = new NlriEntry[addressing.PrefixesPerTester];
        for (var i = 0; i < nlri.Length; i++)
        {
            nlri[i] = new NlriEntry(IpPrefix.FromIpv4(Addressing.PrefixAddress(first + i), Addressing.PrefixLength));
        }

        using var output = new MemoryStream();
        var buffer = new byte[context.MaxMessageLength];
        ReadOnlySpan<NlriEntry> rest = nlri;
        while (!rest.IsEmpty)
        {
            var take = UpdatePacker.TakeIpv4Nlri(context, attributes.Length, rest);
            if (take == 0 || !UpdateEncoder.TryWriteIpv4(buffer, context, [], attributes, rest[..take], out var written))
            {
                throw new InvalidOperationException("an UPDATE did not fit");
            }

            output.Write(buffer, 0, written);
            rest = rest[take..];
        }

        if (!UpdateEncoder.TryWriteEndOfRib(buffer, AddressFamily.Ipv4Unicast, out var endOfRib))
        {
            throw new InvalidOperationException("End-of-RIB did not fit");
        }

        output.Write(buffer, 0, endOfRib);
        return output.ToArray();
    }
}
