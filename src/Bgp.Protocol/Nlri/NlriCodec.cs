using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Nlri;

/// <summary>
/// The NLRI prefix encoding shared by the UPDATE NLRI and withdrawn fields and by MP_REACH /
/// MP_UNREACH for IPv4 and IPv6 unicast (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3):
/// <code>
/// +---------------------------+
/// | Path Identifier (4 octets)|  only with ADD-PATH
/// +---------------------------+
/// | Length (1 octet)          |
/// +---------------------------+
/// | Prefix (variable)         |
/// +---------------------------+
/// </code>
/// </summary>
public static class NlriCodec
{
    /// <summary>Octets this entry takes on the wire.</summary>
    public static int GetEncodedLength(in NlriEntry entry, bool addPath) =>
        (addPath ? BgpConstants.PathIdLength : 0) + 1 + entry.Prefix.ByteCount;

    /// <summary>Writes one entry; the destination must hold <see cref="GetEncodedLength"/> octets.</summary>
    public static int Write(Span<byte> destination, in NlriEntry entry, bool addPath)
    {
        var offset = 0;
        if (addPath)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, entry.PathId);
            offset = BgpConstants.PathIdLength;
        }

        var prefix = entry.Prefix;
        destination[offset] = prefix.Length;
        if (prefix.Afi == Afi.Ipv4)
        {
            // Fast path: the significant octets of a big-endian uint, no temporary buffer.
            var value = (uint)prefix.AddressBits;
            var count = prefix.ByteCount;
            var dst = destination.Slice(offset + 1, count);
            for (var i = 0; i < count; i++)
            {
                dst[i] = (byte)(value >> (24 - (i << 3)));
            }

            return offset + 1 + count;
        }

        // IPv6: the significant octets of the two 64-bit halves, no temporary buffer.
        var bits = prefix.AddressBits;
        var high = (ulong)(bits >> 64);
        var low = (ulong)bits;
        var octets = prefix.ByteCount;
        var target = destination.Slice(offset + 1, octets);
        for (var i = 0; i < octets; i++)
        {
            target[i] = i < sizeof(ulong)
                ? (byte)(high >> (56 - (i << 3)))
                : (byte)(low >> (56 - ((i - sizeof(ulong)) << 3)));
        }

        return offset + 1 + octets;
    }

    /// <summary>
    /// Reads one entry. Returns false when the field is malformed: a length beyond the address
    /// size, or fewer octets than the length needs (RFC 7606 §5.3).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> source, Afi afi, bool addPath, out NlriEntry entry, out int consumed)
    {
        var offset = 0;
        uint pathId = 0;
        if (addPath)
        {
            if (source.Length < BgpConstants.PathIdLength + 1)
            {
                return Fail(out entry, out consumed);
            }

            pathId = BinaryPrimitives.ReadUInt32BigEndian(source);
            offset = BgpConstants.PathIdLength;
        }

        if ((uint)offset >= (uint)source.Length)
        {
            return Fail(out entry, out consumed);
        }

        int length = source[offset];
        var byteCount = (length + 7) >> 3;
        var end = offset + 1 + byteCount;
        if (end > source.Length)
        {
            return Fail(out entry, out consumed);
        }

        var bytes = source.Slice(offset + 1, byteCount);
        if (afi == Afi.Ipv4)
        {
            if (length > BgpConstants.Ipv4Bits)
            {
                return Fail(out entry, out consumed);
            }

            uint value = 0;
            for (var i = 0; i < bytes.Length; i++)
            {
                value |= (uint)bytes[i] << (24 - (i << 3));
            }

            entry = new NlriEntry(IpPrefix.FromIpv4(value, length), pathId);
        }
        else
        {
            if (length > BgpConstants.Ipv6Bits)
            {
                return Fail(out entry, out consumed);
            }

            UInt128 value;
            if (source.Length - offset - 1 >= BgpConstants.Ipv6Bytes)
            {
                // Read 16 octets in one go; the octets past the prefix belong to the next entry
                // and are masked off by FromIpv6.
                value = BinaryPrimitives.ReadUInt128BigEndian(source.Slice(offset + 1));
            }
            else
            {
                Span<byte> full = stackalloc byte[BgpConstants.Ipv6Bytes];
                full.Clear();
                bytes.CopyTo(full);
                value = BinaryPrimitives.ReadUInt128BigEndian(full);
            }

            entry = new NlriEntry(IpPrefix.FromIpv6(value, length), pathId);
        }

        consumed = end;
        return true;
    }

    /// <summary>Checks a whole NLRI field without materializing it; counts its entries.</summary>
    public static bool Validate(ReadOnlySpan<byte> field, Afi afi, bool addPath, out int count)
    {
        var maxBits = afi == Afi.Ipv4 ? BgpConstants.Ipv4Bits : BgpConstants.Ipv6Bits;
        var lengthOffset = addPath ? BgpConstants.PathIdLength : 0;
        count = 0;
        var offset = 0;

        // One tight loop per prefix: read the length octet, skip the prefix. Overrunning the end
        // shows as offset != field.Length once the loop stops.
        while ((uint)(offset + lengthOffset) < (uint)field.Length)
        {
            int length = field[offset + lengthOffset];
            if (length > maxBits)
            {
                return false;
            }

            offset += lengthOffset + 1 + ((length + 7) >> 3);
            count++;
        }

        return offset == field.Length;
    }

    private static bool Fail(out NlriEntry entry, out int consumed)
    {
        entry = default;
        consumed = 0;
        return false;
    }
}
