using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Nlri;

/// <summary>
/// An IPv4 or IPv6 prefix held in 18 bytes with no heap allocation: the address as a
/// big-endian integer (IPv4 in the low 32 bits) with host bits cleared, the length and the AFI.
/// </summary>
public readonly struct IpPrefix : IEquatable<IpPrefix>, IComparable<IpPrefix>
{
    // Two 64-bit halves rather than a UInt128 field: UInt128 is 16-byte aligned, which would pad
    // this struct to 32 bytes; halves keep it at 24, which matters in a RIB of millions of paths.
    private readonly ulong _high;
    private readonly ulong _low;

    private IpPrefix(UInt128 address, byte length, Afi afi)
    {
        _high = (ulong)(address >> 64);
        _low = (ulong)address;
        Length = length;
        Afi = afi;
    }

    private IpPrefix(ulong high, ulong low, byte length, Afi afi)
    {
        _high = high;
        _low = low;
        Length = length;
        Afi = afi;
    }

    public Afi Afi { get; }

    public byte Length { get; }

    /// <summary>The network address as a big-endian integer (IPv4 in the low 32 bits).</summary>
    public UInt128 AddressBits => new(_high, _low);

    public int MaxLength => Afi == Afi.Ipv4 ? BgpConstants.Ipv4Bits : BgpConstants.Ipv6Bits;

    /// <summary>Octets the prefix occupies in an NLRI field: ceil(length / 8) (RFC 4271 §4.3).</summary>
    public int ByteCount => (Length + 7) >> 3;

    /// <summary>Builds an IPv4 prefix from a length already checked to be 0..32 (the decoder's fast path).</summary>
    internal static IpPrefix FromCheckedIpv4(uint address, int length) =>
        new(0, address & Ipv4Mask(length), (byte)length, Afi.Ipv4);

    // Shifting a 64-bit all-ones value keeps length 0 branch-free: 32 - 0 = 32 bits shift out.
    internal static uint Ipv4Mask(int length) => (uint)(0xFFFF_FFFFul << (BgpConstants.Ipv4Bits - length));

    public static IpPrefix FromIpv4(uint address, int length)
    {
        if ((uint)length > BgpConstants.Ipv4Bits)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "IPv4 prefix length is 0..32");
        }

        return FromCheckedIpv4(address, length);
    }

    /// <summary>Builds an IPv6 prefix from two halves and a length already checked to be 0..128.</summary>
    internal static IpPrefix FromCheckedIpv6(ulong high, ulong low, int length)
    {
        // Masking the halves separately avoids a variable 128-bit shift on the decoder's hot path.
        var highMask = length >= 64 ? ulong.MaxValue : length == 0 ? 0ul : ulong.MaxValue << (64 - length);
        var lowMask = length <= 64 ? 0ul : length == BgpConstants.Ipv6Bits ? ulong.MaxValue : ulong.MaxValue << (BgpConstants.Ipv6Bits - length);
        return new IpPrefix(high & highMask, low & lowMask, (byte)length, Afi.Ipv6);
    }

    public static IpPrefix FromIpv6(UInt128 address, int length)
    {
        if ((uint)length > BgpConstants.Ipv6Bits)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "IPv6 prefix length is 0..128");
        }

        var mask = length == 0 ? UInt128.Zero : UInt128.MaxValue << (BgpConstants.Ipv6Bits - length);
        return new IpPrefix(address & mask, (byte)length, Afi.Ipv6);
    }

    public static IpPrefix Create(IPAddress address, int length)
    {
        Span<byte> bytes = stackalloc byte[BgpConstants.Ipv6Bytes];
        address.TryWriteBytes(bytes, out var written);
        return address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? FromIpv4(BinaryPrimitives.ReadUInt32BigEndian(bytes), length)
            : FromIpv6(BinaryPrimitives.ReadUInt128BigEndian(bytes[..written]), length);
    }

    /// <summary>Parses "10.0.0.0/24" or "2001:db8::/32".</summary>
    public static IpPrefix Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw new FormatException($"'{text}' is not a prefix: expected address/length");
        }

        var address = IPAddress.Parse(text.AsSpan(0, slash));
        var length = int.Parse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        return Create(address, length);
    }

    public IPAddress ToIPAddress()
    {
        if (Afi == Afi.Ipv4)
        {
            Span<byte> v4 = stackalloc byte[BgpConstants.Ipv4Bytes];
            BinaryPrimitives.WriteUInt32BigEndian(v4, (uint)_low);
            return new IPAddress(v4);
        }

        Span<byte> v6 = stackalloc byte[BgpConstants.Ipv6Bytes];
        BinaryPrimitives.WriteUInt128BigEndian(v6, AddressBits);
        return new IPAddress(v6);
    }

    /// <summary>
    /// Writes the significant octets of the address, as an NLRI prefix field carries them, straight
    /// from the 64-bit halves (no temporary buffer: this is the encoder's hot path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WritePrefixBytes(Span<byte> destination)
    {
        var target = destination[..ByteCount];
        if (Afi == Afi.Ipv4)
        {
            var value = (uint)_low;
            for (var i = 0; i < target.Length; i++)
            {
                target[i] = (byte)(value >> (24 - (i << 3)));
            }

            return;
        }

        for (var i = 0; i < target.Length; i++)
        {
            target[i] = i < sizeof(ulong)
                ? (byte)(_high >> (56 - (i << 3)))
                : (byte)(_low >> (56 - ((i - sizeof(ulong)) << 3)));
        }
    }

    public bool Contains(IpPrefix other) =>
        other.Afi == Afi && other.Length >= Length &&
        (Afi == Afi.Ipv4
            ? FromIpv4((uint)other.AddressBits, Length).AddressBits == AddressBits
            : FromIpv6(other.AddressBits, Length).AddressBits == AddressBits);

    public bool Equals(IpPrefix other) =>
        _low == other._low && _high == other._high && Length == other.Length && Afi == other.Afi;

    public override bool Equals(object? obj) => obj is IpPrefix other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, Length, Afi);

    public int CompareTo(IpPrefix other)
    {
        var byAfi = Afi.CompareTo(other.Afi);
        if (byAfi != 0)
        {
            return byAfi;
        }

        var byAddress = AddressBits.CompareTo(other.AddressBits);
        return byAddress != 0 ? byAddress : Length.CompareTo(other.Length);
    }

    public static bool operator ==(IpPrefix left, IpPrefix right) => left.Equals(right);

    public static bool operator !=(IpPrefix left, IpPrefix right) => !left.Equals(right);

    public static bool operator <(IpPrefix left, IpPrefix right) => left.CompareTo(right) < 0;

    public static bool operator >(IpPrefix left, IpPrefix right) => left.CompareTo(right) > 0;

    public static bool operator <=(IpPrefix left, IpPrefix right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IpPrefix left, IpPrefix right) => left.CompareTo(right) >= 0;

    public override string ToString() => $"{ToIPAddress()}/{Length.ToString(CultureInfo.InvariantCulture)}";
}
