using Bgp.Protocol.Nlri;
using Bgp.Speaker.Policy.Conditions;
using CsCheck;
using Xunit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>The trie answers exactly like a scan of the ranges.</summary>
public sealed class PrefixSetTests
{
    private static readonly Gen<IpPrefix> Ipv4Prefix =
        Gen.Select(Gen.UInt, Gen.Int[0, 32], (address, length) => IpPrefix.FromIpv4(address & 0xFF0F_F0FF, length));

    private static readonly Gen<PrefixRange> Range =
        Gen.Select(Ipv4Prefix, Gen.Int[0, 32], Gen.Int[0, 32], (prefix, a, b) =>
        {
            int min = Math.Max(prefix.Length, Math.Min(a, b));
            int max = Math.Max(min, Math.Max(a, b));
            return new PrefixRange(prefix, min, max);
        });

    [Fact]
    public void Trie_AgreesWithLinearScan() =>
        // Distinct ranges above the limit: the set drops duplicates, and fewer would be scanned.
        Gen.Select(Range.Array[PrefixSet.LinearLimit + 1, 64].Where(r => r.Distinct().Count() > PrefixSet.LinearLimit), Ipv4Prefix.Array[32]).Sample((ranges, routes) =>
        {
            var set = new PrefixSet(ranges);
            Assert.True(set.UsesTrie);
            foreach (IpPrefix route in routes)
            {
                Assert.Equal(ranges.Any(r => r.Matches(route)), set.Matches(route));
            }
        });

    [Fact]
    public void Trie_Ipv6()
    {
        var ranges = Enumerable.Range(0, 20).Select(i => new PrefixRange(IpPrefix.Parse($"2001:db8:{i:x}::/48"), 48, 64)).ToList();
        var set = new PrefixSet(ranges);
        Assert.True(set.Matches(IpPrefix.Parse("2001:db8:13::/56")));
        Assert.False(set.Matches(IpPrefix.Parse("2001:db8:14::/56")));
        Assert.False(set.Matches(IpPrefix.Parse("2001:db8:13::/47")));
        Assert.False(set.Matches(IpPrefix.Parse("10.0.0.0/8")));
    }

    [Theory]
    [InlineData("*.cali", "wg.cali", true)]
    [InlineData("*.cali", "cali", false)]
    [InlineData("bpf*.cali", "bpfout.cali", true)]
    [InlineData("bpf*.cali", "bpf.calico", false)]
    [InlineData("cali*", "cali12ab", true)]
    [InlineData("t?nl0", "tunl0", true)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "aXXbYYbZc", true)]
    [InlineData("a*b*c", "aXXbYYbZ", false)]
    public void Glob_MatchesLikeAShell(string glob, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(glob).Matches(text));
}
