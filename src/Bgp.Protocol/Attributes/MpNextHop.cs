using System.Buffers.Binary;
using System.Net;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// The next hop of an MP_REACH_NLRI (RFC 4760 §3): an IPv4 address (4 octets), an IPv6 global
/// address (16 octets) or an IPv6 global plus link-local address (32 octets, RFC 2545 §3).
/// RFC 8950 lets IPv4 NLRI use the IPv6 forms. Held without allocation.
/// </summary>
public readonly record struct MpNextHop
{
    public const int Ipv4Length = BgpConstants.Ipv4Bytes;
    public const int Ipv6Length = BgpConstants.Ipv6Bytes;
    public const int Ipv6WithLinkLocalLength = 2 * BgpConstants.Ipv6Bytes;

    private MpNextHop(bool isIpv6, UInt128 global, UInt128 linkLocal, bool hasLinkLocal)
    {
        IsIpv6 = isIpv6;
        Global = global;
        LinkLocal = linkLocal;
        HasLinkLocal = hasLinkLocal;
    }

    /// <summary>True for the 16 and 32 octet forms.</summary>
    public bool IsIpv6 { get; }

    /// <summary>The address as a big-endian integer (IPv4 in the low 32 bits).</summary>
    public UInt128 Global { get; }

    /// <summary>The IPv6 link-local address; meaningful when <see cref="HasLinkLocal"/>.</summary>
    public UInt128 LinkLocal { get; }

    public bool HasLinkLocal { get; }

    public int EncodedLength => !IsIpv6 ? Ipv4Length : HasLinkLocal ? Ipv6WithLinkLocalLength : Ipv6Length;

    public static MpNextHop Ipv4(uint address) => new(false, address, UInt128.Zero, false);

    public static MpNextHop Ipv6(UInt128 global) => new(true, global, UInt128.Zero, false);

    public static MpNextHop Ipv6(UInt128 global, UInt128 linkLocal) => new(true, global, linkLocal, true);

    public static MpNextHop FromIPAddress(IPAddress global, IPAddress? linkLocal = null)
    {
        Span<byte> bytes = stackalloc byte[BgpConstants.Ipv6Bytes];
        if (global.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            global.TryWriteBytes(bytes, out _);
            return Ipv4(BinaryPrimitives.ReadUInt32BigEndian(bytes));
        }

        global.TryWriteBytes(bytes, out _);
        var g = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        if (linkLocal is null)
        {
            return Ipv6(g);
        }

        linkLocal.TryWriteBytes(bytes, out _);
        return Ipv6(g, BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Reads a 4, 16 or 32 octet next hop; false for any other length.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out MpNextHop nextHop)
    {
        switch (source.Length)
        {
            case Ipv4Length:
                nextHop = Ipv4(BinaryPrimitives.ReadUInt32BigEndian(source));
                return true;
            case Ipv6Length:
                nextHop = Ipv6(BinaryPrimitives.ReadUInt128BigEndian(source));
                return true;
            case Ipv6WithLinkLocalLength:
                nextHop = Ipv6(
                    BinaryPrimitives.ReadUInt128BigEndian(source),
                    BinaryPrimitives.ReadUInt128BigEndian(source[Ipv6Length..]));
                return true;
            default:
                nextHop = default;
                return false;
        }
    }

    /// <summary>Writes <see cref="EncodedLength"/> octets.</summary>
    public int Write(Span<byte> destination)
    {
        if (!IsIpv6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)Global);
            return Ipv4Length;
        }

        BinaryPrimitives.WriteUInt128BigEndian(destination, Global);
        if (!HasLinkLocal)
        {
            return Ipv6Length;
        }

        BinaryPrimitives.WriteUInt128BigEndian(destination[Ipv6Length..], LinkLocal);
        return Ipv6WithLinkLocalLength;
    }

    public IPAddress ToIPAddress() => ToAddress(Global, IsIpv6);

    public IPAddress? LinkLocalToIPAddress() => HasLinkLocal ? ToAddress(LinkLocal, true) : null;

    public override string ToString() =>
        HasLinkLocal ? $"{ToIPAddress()} ({LinkLocalToIPAddress()})" : ToIPAddress().ToString();

    private static IPAddress ToAddress(UInt128 value, bool ipv6)
    {
        Span<byte> bytes = stackalloc byte[BgpConstants.Ipv6Bytes];
        if (!ipv6)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
            return new IPAddress(bytes[..BgpConstants.Ipv4Bytes]);
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new IPAddress(bytes);
    }
}
