using Bgp.Protocol.Nlri;
using Bgp.Speaker.Rib;
using Xunit;

namespace Bgp.Speaker.Tests.Rib;

public sealed class DestinationMapTests
{
    private static Destination V4(uint index, int length = 24) => new(IpPrefix.FromIpv4(0x0A000000u + (index << 8), length));

    [Fact]
    public void RandomAddsAndRemoves_AgreeWithDictionary_AndEveryEntryStaysReachable()
    {
        // Removal shifts entries back along their probe run: a wrong shift loses an entry, which
        // this catches by checking every remaining key after each burst of random operations.
        var random = new Random(4271);
        var map = new DestinationMap<int>();
        var reference = new Dictionary<IpPrefix, int>();
        for (var round = 0; round < 40; round++)
        {
            for (var op = 0; op < 2_000; op++)
            {
                var destination = V4((uint)random.Next(3_000));
                if (random.Next(3) == 0)
                {
                    Assert.Equal(reference.Remove(destination.Prefix, out var expected), map.Remove(destination.Prefix, out var removed));
                    Assert.Equal(expected, removed);
                }
                else
                {
                    var value = random.Next();
                    Assert.Equal(reference.ContainsKey(destination.Prefix), map.Set(destination, value, out _));
                    reference[destination.Prefix] = value;
                }
            }

            Assert.Equal(reference.Count, map.Count);
            foreach (var (prefix, value) in reference)
            {
                Assert.True(map.TryGet(prefix, out var found, out var stored));
                Assert.Equal(prefix, found.Prefix);
                Assert.Equal(value, stored);
            }

            var enumerated = 0;
            foreach (var (destination, value) in map)
            {
                Assert.Equal(reference[destination.Prefix], value);
                enumerated++;
            }

            Assert.Equal(reference.Count, enumerated);
        }
    }

    [Fact]
    public void Set_SamePrefixFromAnotherDestinationObject_ReplacesTheEntry()
    {
        var map = new DestinationMap<int>();
        var first = V4(1);
        var second = V4(1);
        Assert.False(map.Set(first, 10, out _));
        Assert.True(map.Set(second, 20, out var previous));

        Assert.Equal(10, previous);
        Assert.Equal(1, map.Count);
        Assert.True(map.TryGet(first.Prefix, out var stored, out var value));
        Assert.Same(second, stored);
        Assert.Equal(20, value);
    }

    [Fact]
    public void PrefixesDifferingOnlyInLengthOrFamily_AreDistinct()
    {
        var map = new DestinationMap<NoValue>();
        var slash24 = map.GetOrAdd(IpPrefix.FromIpv4(0x0A000000u, 24), static p => new Destination(p));
        var slash16 = map.GetOrAdd(IpPrefix.FromIpv4(0x0A000000u, 16), static p => new Destination(p));
        var v6 = map.GetOrAdd(IpPrefix.FromIpv6(0x0A000000u, 24), static p => new Destination(p));

        Assert.Equal(3, map.Count);
        Assert.NotSame(slash24, slash16);
        Assert.Same(slash24, map.GetOrAdd(IpPrefix.FromIpv4(0x0A000000u, 24), static _ => throw new InvalidOperationException("exists")));
        Assert.True(map.TryGet(v6.Prefix, out var found));
        Assert.Same(v6, found);
    }

    [Fact]
    public void Capacity_StaysBetweenSevenTwelfthsAndSevenEighthsFull_AndShrinksWhenEmptied()
    {
        var map = new DestinationMap<NoValue>();
        for (var i = 0u; i < 100_000; i++)
        {
            map.GetOrAdd(V4(i).Prefix, static p => new Destination(p));
            Assert.True(map.Count * 8L <= map.Capacity * 7L, $"{map.Count} in {map.Capacity} slots");
            Assert.True(map.Count < 32 || map.Count * 12L >= map.Capacity * 7L - 12, $"{map.Count} in {map.Capacity} slots");
        }

        // 12 bytes a slot, at most 12 * 12 / 7 = 20.6 bytes a prefix; a dictionary entry is 44.
        for (var i = 0u; i < 100_000; i++)
        {
            Assert.True(map.Remove(V4(i).Prefix));
        }

        Assert.Equal(0, map.Count);
        Assert.True(map.Capacity <= 32, $"capacity {map.Capacity} after emptying");
    }

    [Fact]
    public void Clone_IsIndependent()
    {
        var map = new DestinationMap<int>();
        var destination = V4(7);
        map.Set(destination, 1, out _);
        var copy = map.Clone();
        map.Set(destination, 2, out _);
        map.Remove(V4(8).Prefix);

        Assert.True(copy.TryGet(destination.Prefix, out _, out var copied));
        Assert.Equal(1, copied);
        copy.Remove(destination.Prefix);
        Assert.True(map.TryGet(destination.Prefix, out _, out var original));
        Assert.Equal(2, original);
    }
}
