using Xunit;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using CsCheck;

namespace Bgp.Protocol.Tests.Nlri;

public sealed class NlriCodecTests
{
    private static readonly Gen<IpPrefix> GenIpv4Prefix =
        Gen.Select(Gen.UInt, Gen.Int[0, 32], (address, length) => IpPrefix.FromIpv4(address, length));

    private static readonly Gen<IpPrefix> GenIpv6Prefix =
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[0, 128],
            (high, low, length) => IpPrefix.FromIpv6(new UInt128(high, low), length));

    [Theory]
    [InlineData("18 0a 00 01", "10.0.1.0/24")]
    [InlineData("00", "0.0.0.0/0")]
    [InlineData("20 c0 00 02 01", "192.0.2.1/32")]
    [InlineData("1a 0a f4 03 40", "10.244.3.64/26")]
    [InlineData("09 80 00", "128.0.0.0/9")]
    public void Ipv4_DecodesRfc4271Encoding(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        Assert.True(NlriCodec.TryRead(bytes, Afi.Ipv4, addPath: false, out var entry, out var consumed));

        Assert.Equal(IpPrefix.Parse(expected), entry.Prefix);
        Assert.Equal(bytes.Length, consumed);
    }

    [Theory]
    [InlineData("20 20 01 0d b8", "2001:db8::/32")]
    [InlineData("40 20 01 0d b8 00 01 00 02", "2001:db8:1:2::/64")]
    [InlineData("80 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01", "fe80::1/128")]
    public void Ipv6_DecodesRfc4760Encoding(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        Assert.True(NlriCodec.TryRead(bytes, Afi.Ipv6, addPath: false, out var entry, out _));

        Assert.Equal(IpPrefix.Parse(expected), entry.Prefix);
    }

    [Fact]
    public void AddPath_ReadsPathIdentifierBeforeLength()
    {
        var bytes = Convert.FromHexString("0000000718c63364");

        Assert.True(NlriCodec.TryRead(bytes, Afi.Ipv4, addPath: true, out var entry, out var consumed));

        Assert.Equal(7u, entry.PathId);
        Assert.Equal(IpPrefix.Parse("198.51.100.0/24"), entry.Prefix);
        Assert.Equal(8, consumed);
    }

    [Theory]
    [InlineData("21 0a 00 00 00 00", "IPv4 length 33 exceeds 32")]
    [InlineData("18 0a 00", "needs 3 octets, has 2")]
    [InlineData("20", "length without prefix")]
    public void Ipv4_Malformed_IsRejected(string hex, string why)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        Assert.False(NlriCodec.TryRead(bytes, Afi.Ipv4, addPath: false, out _, out _), why);
        Assert.False(NlriCodec.Validate(bytes, Afi.Ipv4, addPath: false, out _), why);

        var enumerator = new NlriEnumerator(bytes, Afi.Ipv4, addPath: false);
        Assert.False(enumerator.MoveNext());
        Assert.True(enumerator.IsMalformed);
    }

    [Fact]
    public void Ipv6_LengthAbove128_IsRejected()
    {
        var bytes = new byte[18];
        bytes[0] = 129;

        Assert.False(NlriCodec.TryRead(bytes, Afi.Ipv6, addPath: false, out _, out _));
    }

    [Fact]
    public void AddPath_TruncatedPathIdentifier_IsRejected()
    {
        Assert.False(NlriCodec.TryRead([0, 0, 1], Afi.Ipv4, addPath: true, out _, out _));
        var enumerator = new NlriEnumerator(new byte[] { 0, 0, 0, 1 }, Afi.Ipv4, addPath: true);
        Assert.False(enumerator.MoveNext());
        Assert.True(enumerator.IsMalformed);
    }

    [Fact]
    public void HostBitsBeyondLength_AreCleared()
    {
        // RFC 4271 §4.3: trailing bits after the prefix length are irrelevant.
        Assert.True(NlriCodec.TryRead([0x17, 0x0a, 0x00, 0x03], Afi.Ipv4, addPath: false, out var entry, out _));

        Assert.Equal(IpPrefix.Parse("10.0.2.0/23"), entry.Prefix);
    }

    [Fact]
    public void Ipv4_RoundTrip_ThroughEnumerator() =>
        Gen.Select(GenIpv4Prefix, Gen.UInt).Array[0, 64].Sample(items => RoundTrip(items, Afi.Ipv4));

    [Fact]
    public void Ipv6_RoundTrip_ThroughEnumerator() =>
        Gen.Select(GenIpv6Prefix, Gen.UInt).Array[0, 64].Sample(items => RoundTrip(items, Afi.Ipv6));

    [Fact]
    public void Prefix_ParseAndFormat_RoundTrip() =>
        Gen.OneOf(GenIpv4Prefix, GenIpv6Prefix).Sample(prefix => Assert.Equal(prefix, IpPrefix.Parse(prefix.ToString())));

    private static void RoundTrip((IpPrefix Prefix, uint PathId)[] items, Afi afi)
    {
        foreach (var addPath in new[] { false, true })
        {
            var entries = items.Select(i => new NlriEntry(i.Prefix, addPath ? i.PathId : 0)).ToArray();
            var buffer = new byte[entries.Sum(e => NlriCodec.GetEncodedLength(e, addPath))];
            var offset = 0;
            foreach (var entry in entries)
            {
                offset += NlriCodec.Write(buffer.AsSpan(offset), entry, addPath);
            }

            Assert.Equal(buffer.Length, offset);
            Assert.True(NlriCodec.Validate(buffer, afi, addPath, out var count));
            Assert.Equal(entries.Length, count);

            var decoded = new List<NlriEntry>();
            var enumerator = new NlriEnumerator(buffer, afi, addPath);
            while (enumerator.MoveNext())
            {
                decoded.Add(enumerator.Current);
            }

            Assert.False(enumerator.IsMalformed);
            Assert.Equal(entries, decoded);
        }
    }
}
