using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// A compiled list of <see cref="PrefixRange"/>s answering "does any range match this route?".
/// Up to <see cref="LinearLimit"/> ranges are scanned; more are put in a binary trie per family,
/// walked once along the route's address bits (at most its length steps), so a set of thousands
/// of pools or blocks costs the same as one. Read-only after construction.
/// </summary>
internal sealed class PrefixSet
{
    /// <summary>Below this many ranges a scan of masked compares beats the trie walk.</summary>
    internal const int LinearLimit = 8;

    private const int NoChild = -1;
    private readonly PrefixRange[] _ranges;
    private readonly Trie? _ipv4;
    private readonly Trie? _ipv6;

    public PrefixSet(IEnumerable<PrefixRange> ranges)
    {
        _ranges = [.. ranges.Distinct()];
        if (_ranges.Length > LinearLimit)
        {
            _ipv4 = Trie.Build(_ranges, Afi.Ipv4);
            _ipv6 = Trie.Build(_ranges, Afi.Ipv6);
        }
    }

    public IReadOnlyList<PrefixRange> Ranges => _ranges;

    public bool UsesTrie => _ipv4 is not null;

    public bool Matches(IpPrefix route)
    {
        if (_ipv4 is null)
        {
            foreach (PrefixRange range in _ranges)
            {
                if (range.Matches(route))
                {
                    return true;
                }
            }

            return false;
        }

        return (route.Afi == Afi.Ipv4 ? _ipv4 : _ipv6!).Matches(route);
    }

    public override string ToString() => $"[{string.Join(", ", _ranges.Select(r => $"\"{r}\""))}]";

    /// <summary>
    /// Nodes in flat arrays (index 0 is the root, the zero-length prefix). A node holds the length
    /// ranges of the configured prefixes that end on it.
    /// </summary>
    private sealed class Trie
    {
        private readonly int[] _zero;
        private readonly int[] _one;
        private readonly int[] _rangeStart;
        private readonly int[] _rangeCount;
        private readonly (byte Min, byte Max)[] _lengths;
        private readonly int _bits;

        private Trie(List<int> zero, List<int> one, List<List<(byte, byte)>> ranges, int bits)
        {
            _zero = [.. zero];
            _one = [.. one];
            _bits = bits;
            _rangeStart = new int[ranges.Count];
            _rangeCount = new int[ranges.Count];
            var lengths = new List<(byte, byte)>();
            for (int i = 0; i < ranges.Count; i++)
            {
                _rangeStart[i] = lengths.Count;
                _rangeCount[i] = ranges[i].Count;
                lengths.AddRange(ranges[i]);
            }

            _lengths = [.. lengths];
        }

        public static Trie Build(PrefixRange[] all, Afi afi)
        {
            int bits = afi == Afi.Ipv4 ? 32 : 128;
            var zero = new List<int> { NoChild };
            var one = new List<int> { NoChild };
            var ranges = new List<List<(byte, byte)>> { new() };
            foreach (PrefixRange range in all)
            {
                if (range.Prefix.Afi != afi)
                {
                    continue;
                }

                int node = 0;
                UInt128 address = range.Prefix.AddressBits;
                for (int depth = 0; depth < range.Prefix.Length; depth++)
                {
                    List<int> side = Bit(address, depth, bits) ? one : zero;
                    if (side[node] == NoChild)
                    {
                        side[node] = zero.Count;
                        zero.Add(NoChild);
                        one.Add(NoChild);
                        ranges.Add([]);
                    }

                    node = side[node];
                }

                ranges[node].Add((range.MinLength, range.MaxLength));
            }

            return new Trie(zero, one, ranges, bits);
        }

        public bool Matches(IpPrefix route)
        {
            // Left-aligned in two halves so each step is a 64-bit shift, not a 128-bit one.
            UInt128 bits = route.AddressBits << (128 - _bits);
            ulong high = (ulong)(bits >> 64);
            ulong low = (ulong)bits;
            int length = route.Length;
            int node = 0;
            for (int depth = 0; ; depth++)
            {
                int start = _rangeStart[node];
                int end = start + _rangeCount[node];
                for (int i = start; i < end; i++)
                {
                    if (length >= _lengths[i].Min && length <= _lengths[i].Max)
                    {
                        return true;
                    }
                }

                if (depth == length)
                {
                    return false;
                }

                ulong bit = depth < 64 ? high >> (63 - depth) : low >> (127 - depth);
                node = (bit & 1) != 0 ? _one[node] : _zero[node];
                if (node == NoChild)
                {
                    return false;
                }
            }
        }

        private static bool Bit(UInt128 address, int depth, int bits) => ((address >> (bits - 1 - depth)) & UInt128.One) != UInt128.Zero;
    }
}
