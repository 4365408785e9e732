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
        prefix.WritePrefixBytes(destination[(offset + 1)..]);
        return offset + 1 + prefix.ByteCount;
    }

    /// <summary>
    /// Reads one entry. Returns false when the field is malformed: a length beyond the address
    /// size, or fewer octets than the length needs (RFC 7606 §5.3).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, Afi afi, bool addPath, out NlriEntry entry, out int consumed)
    {
        // One reader for the whole codec: the enumerator's, stopped after the first entry.
        var enumerator = new NlriEnumerator(source, afi, addPath);
        if (!enumerator.MoveNext())
        {
            entry = default;
            consumed = 0;
            return false;
        }

        entry = enumerator.Current;
        consumed = enumerator.Consumed;
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
}
