using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Rib;

/// <summary>
/// A hash table of <see cref="Destination"/>s looked up by their prefix, with an optional value per
/// destination (<typeparamref name="TValue"/>; <see cref="NoValue"/> stores none). The Loc-RIB's
/// prefix index and every update group's Adj-RIB-Out are one of these.
/// </summary>
/// <remarks>
/// <para><b>Why not <c>Dictionary&lt;IpPrefix, …&gt;</c>.</b> A dictionary entry repeats the 24-byte
/// prefix the destination already holds and adds a next index and a bucket: 44 bytes per prefix
/// before the value, and it grows to the next prime above twice its size, so a table of 200,000
/// prefixes briefly holds two entry arrays (18 MiB in the end-to-end reflector benchmark). Here a
/// slot is the destination reference and its 32-bit hash (12 bytes, plus the value): open
/// addressing with linear probing, at most 7/8 full, grown by half (not doubled: a power of two
/// would leave 1M prefixes in 2M slots), the home slot picked by a multiply-shift of the hash
/// over any capacity. Probing compares the packed hashes first, so a miss rarely touches a
/// destination.</para>
/// <para><b>Removal</b> shifts the following run of the probe sequence back (no tombstones), so a
/// table that churns never degrades. It shrinks by half when it falls below 1/8 full.</para>
/// <para><b>Enumeration</b> is in slot order (not insertion order); do not add or remove while
/// enumerating. Single-threaded, like its owners.</para>
/// </remarks>
internal sealed class DestinationMap<TValue>
{
    private const int MinCapacity = 16;

    // Grow past 7/8 full: the hash array keeps long probe runs cheap (16 hashes per cache line).
    private const int LoadNumerator = 7;
    private const int LoadDenominator = 8;

    // Grow by half: the table stays between 7/12 and 7/8 full.
    private const int GrowthDivisor = 2;

    // Shrink below 1/8 full (to half), so a table that emptied after a burst gives its arrays back.
    private const int ShrinkDivisor = 8;

    private static readonly bool StoresValues = typeof(TValue) != typeof(NoValue);

    private Destination?[] _keys;
    private int[] _hashes;
    private TValue[] _values;
    private int _count;

    public DestinationMap(int capacity = 0)
    {
        var size = CapacityFor(capacity);
        _keys = new Destination?[size];
        _hashes = new int[size];
        _values = StoresValues ? new TValue[size] : [];
    }

    public int Count => _count;

    /// <summary>Slots allocated (for memory accounting and tests).</summary>
    public int Capacity => _keys.Length;

    public bool TryGet(IpPrefix prefix, [NotNullWhen(true)] out Destination? destination)
    {
        var slot = Find(prefix, Hash(prefix));
        destination = slot >= 0 ? _keys[slot] : null;
        return destination is not null;
    }

    public bool TryGet(IpPrefix prefix, [NotNullWhen(true)] out Destination? destination, out TValue value)
    {
        var slot = Find(prefix, Hash(prefix));
        if (slot < 0)
        {
            destination = null;
            value = default!;
            return false;
        }

        destination = _keys[slot]!;
        value = StoresValues ? _values[slot] : default!;
        return true;
    }

    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="destination"/>'s prefix. An entry for the
    /// same prefix (possibly another <see cref="Destination"/> object of that prefix) is replaced.
    /// Returns whether there was one, and its value.
    /// </summary>
    public bool Set(Destination destination, TValue value, out TValue previous)
    {
        var prefix = destination.Prefix;
        var hash = Hash(prefix);
        var slot = Find(prefix, hash);
        if (slot >= 0)
        {
            _keys[slot] = destination;
            previous = StoresValues ? _values[slot] : default!;
            if (StoresValues)
            {
                _values[slot] = value;
            }

            return true;
        }

        previous = default!;
        Insert(destination, hash, value);
        return false;
    }

    /// <summary>Adds <paramref name="destination"/> (no value) unless its prefix is already stored; false then.</summary>
    public bool Add(Destination destination)
    {
        var prefix = destination.Prefix;
        var hash = Hash(prefix);
        if (Find(prefix, hash) >= 0)
        {
            return false;
        }

        Insert(destination, hash, default!);
        return true;
    }

    /// <summary>The destination stored for <paramref name="prefix"/>, or <paramref name="create"/>'s new one, added.</summary>
    public Destination GetOrAdd(IpPrefix prefix, Func<IpPrefix, Destination> create)
    {
        var hash = Hash(prefix);
        var slot = Find(prefix, hash);
        if (slot >= 0)
        {
            return _keys[slot]!;
        }

        var destination = create(prefix);
        Insert(destination, hash, default!);
        return destination;
    }

    public bool Remove(IpPrefix prefix) => Remove(prefix, out _);

    public bool Remove(IpPrefix prefix, out TValue value)
    {
        var slot = Find(prefix, Hash(prefix));
        if (slot < 0)
        {
            value = default!;
            return false;
        }

        value = StoresValues ? _values[slot] : default!;
        RemoveSlot(slot);
        _count--;
        if (_keys.Length > MinCapacity && _count < _keys.Length / ShrinkDivisor)
        {
            Resize(_keys.Length / 2);
        }

        return true;
    }

    public void Clear()
    {
        _keys = new Destination?[MinCapacity];
        _hashes = new int[MinCapacity];
        _values = StoresValues ? new TValue[MinCapacity] : [];
        _count = 0;
    }

    /// <summary>A copy with the same entries (the values copied as they are).</summary>
    public DestinationMap<TValue> Clone()
    {
        var copy = new DestinationMap<TValue>();
        copy._keys = (Destination?[])_keys.Clone();
        copy._hashes = (int[])_hashes.Clone();
        copy._values = (TValue[])_values.Clone();
        copy._count = _count;
        return copy;
    }

    public Enumerator GetEnumerator() => new(this);

    /// <summary>The destinations, in slot order.</summary>
    public IEnumerable<Destination> Keys
    {
        get
        {
            foreach (var entry in this)
            {
                yield return entry.Destination;
            }
        }
    }

    /// <summary>Slot index of <paramref name="prefix"/>, or -1.</summary>
    private int Find(IpPrefix prefix, int hash)
    {
        var keys = _keys;
        var hashes = _hashes;
        var slot = Home(hash, keys.Length);
        while (true)
        {
            var key = keys[slot];
            if (key is null)
            {
                return -1;
            }

            if (hashes[slot] == hash && key.Prefix == prefix)
            {
                return slot;
            }

            if (++slot == keys.Length)
            {
                slot = 0;
            }
        }
    }

    private void Insert(Destination destination, int hash, TValue value)
    {
        if ((long)(_count + 1) * LoadDenominator > (long)_keys.Length * LoadNumerator)
        {
            Resize(_keys.Length + _keys.Length / GrowthDivisor);
        }

        Place(destination, hash, value);
        _count++;
    }

    private void Place(Destination destination, int hash, TValue value)
    {
        var length = _keys.Length;
        var slot = Home(hash, length);
        while (_keys[slot] is not null)
        {
            if (++slot == length)
            {
                slot = 0;
            }
        }

        _keys[slot] = destination;
        _hashes[slot] = hash;
        if (StoresValues)
        {
            _values[slot] = value;
        }
    }

    /// <summary>Empties <paramref name="slot"/> and moves back every later entry of its run that may now sit closer to its home slot.</summary>
    private void RemoveSlot(int slot)
    {
        var keys = _keys;
        var length = keys.Length;
        var hole = slot;
        var next = slot + 1 == length ? 0 : slot + 1;
        while (keys[next] is not null)
        {
            var home = Home(_hashes[next], length);

            // The entry at next may fill the hole unless its home lies cyclically in (hole, next].
            var homeAfterHole = hole <= next ? home > hole && home <= next : home > hole || home <= next;
            if (!homeAfterHole)
            {
                keys[hole] = keys[next];
                _hashes[hole] = _hashes[next];
                if (StoresValues)
                {
                    _values[hole] = _values[next];
                }

                hole = next;
            }

            if (++next == length)
            {
                next = 0;
            }
        }

        keys[hole] = null;
        _hashes[hole] = 0;
        if (StoresValues)
        {
            _values[hole] = default!;
        }
    }

    private void Resize(int capacity)
    {
        var keys = _keys;
        var hashes = _hashes;
        var values = _values;
        _keys = new Destination?[capacity];
        _hashes = new int[capacity];
        _values = StoresValues ? new TValue[capacity] : [];
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is { } key)
            {
                Place(key, hashes[i], StoresValues ? values[i] : default!);
            }
        }
    }

    private static int CapacityFor(int count) =>
        Math.Max(MinCapacity, (int)Math.Min(Array.MaxLength, (long)count * LoadDenominator / LoadNumerator + 1));

    /// <summary>The first slot to probe: the hash scaled onto [0, capacity) by a multiply and a shift (no power-of-two mask, no division).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Home(int hash, int capacity) => (int)(((ulong)(uint)hash * (uint)capacity) >> 32);

    /// <summary>A 32-bit mix of the prefix: the address halves, length and AFI through one multiply (Fibonacci hashing: the high half is kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(IpPrefix prefix)
    {
        var bits = prefix.AddressBits;
        var mixed = ((ulong)bits ^ ((ulong)(bits >> 64) * 0xC2B2AE3D27D4EB4Ful) ^ ((ulong)prefix.Length << 48) ^ ((ulong)prefix.Afi << 56))
            * 0x9E3779B97F4A7C15ul;
        return (int)(mixed >> 32);
    }

    /// <summary>One stored entry.</summary>
    public readonly record struct Entry(Destination Destination, TValue Value);

    /// <summary>Enumerates the entries in slot order without allocating.</summary>
    public struct Enumerator
    {
        private readonly DestinationMap<TValue> _map;
        private int _slot;

        internal Enumerator(DestinationMap<TValue> map)
        {
            _map = map;
            _slot = -1;
        }

        public readonly Entry Current =>
            new(_map._keys[_slot]!, StoresValues ? _map._values[_slot] : default!);

        public bool MoveNext()
        {
            var keys = _map._keys;
            while (++_slot < keys.Length)
            {
                if (keys[_slot] is not null)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
