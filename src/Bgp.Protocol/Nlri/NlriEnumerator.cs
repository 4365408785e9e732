using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Nlri;

/// <summary>
/// Walks an NLRI field without allocating. Stops at the end of the field or at the first
/// malformed entry; <see cref="IsMalformed"/> tells which (validate first with
/// <see cref="NlriCodec.Validate"/> when the difference matters).
/// </summary>
public ref struct NlriEnumerator
{
    private const int HalfBytes = sizeof(ulong);

    private readonly ReadOnlySpan<byte> _field;
    private readonly Afi _afi;
    private readonly bool _addPath;
    private int _offset;

    public NlriEnumerator(ReadOnlySpan<byte> field, Afi afi, bool addPath)
    {
        _field = field;
        _afi = afi;
        _addPath = addPath;
        _offset = 0;
        Current = default;
        IsMalformed = false;
    }

    public NlriEntry Current { get; private set; }

    public bool IsMalformed { get; private set; }

    /// <summary>Octets of the field read so far (the whole field once malformed).</summary>
    public readonly int Consumed => _offset;

    public readonly NlriEnumerator GetEnumerator() => this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        if (_offset >= _field.Length)
        {
            return false;
        }

        return _afi == Afi.Ipv4 ? MoveNextIpv4() : MoveNextIpv6();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MoveNextIpv4()
    {
        var field = _field;
        var offset = _offset;
        uint pathId = 0;
        if (_addPath)
        {
            if (field.Length - offset <= BgpConstants.PathIdLength)
            {
                return Malformed();
            }

            pathId = BinaryPrimitives.ReadUInt32BigEndian(field.Slice(offset));
            offset += BgpConstants.PathIdLength;
        }

        int length = field[offset];
        var byteCount = (length + 7) >> 3;
        var available = field.Length - offset - 1;
        if (length > BgpConstants.Ipv4Bits || available < byteCount)
        {
            return Malformed();
        }

        // One 4-octet load when the field has room: the octets past the prefix belong to the
        // next entry and are masked off with the host bits.
        uint value;
        if (available >= BgpConstants.Ipv4Bytes)
        {
            value = BinaryPrimitives.ReadUInt32BigEndian(field.Slice(offset + 1));
        }
        else
        {
            value = 0;
            var bytes = field.Slice(offset + 1, byteCount);
            for (var i = 0; i < bytes.Length; i++)
            {
                value |= (uint)bytes[i] << (24 - (i << 3));
            }
        }

        Current = new NlriEntry(IpPrefix.FromCheckedIpv4(value, length), pathId);
        _offset = offset + 1 + byteCount;
        return true;
    }

    private bool MoveNextIpv6()
    {
        var field = _field;
        var offset = _offset;
        uint pathId = 0;
        if (_addPath)
        {
            if (field.Length - offset <= BgpConstants.PathIdLength)
            {
                return Malformed();
            }

            pathId = BinaryPrimitives.ReadUInt32BigEndian(field.Slice(offset));
            offset += BgpConstants.PathIdLength;
        }

        int length = field[offset];
        var byteCount = (length + 7) >> 3;
        var available = field.Length - offset - 1;
        if (length > BgpConstants.Ipv6Bits || available < byteCount)
        {
            return Malformed();
        }

        ulong high;
        ulong low;
        var start = field.Slice(offset + 1);
        if (available >= BgpConstants.Ipv6Bytes)
        {
            high = BinaryPrimitives.ReadUInt64BigEndian(start);
            low = BinaryPrimitives.ReadUInt64BigEndian(start.Slice(HalfBytes));
        }
        else
        {
            high = 0;
            low = 0;
            for (var i = 0; i < byteCount; i++)
            {
                if (i < HalfBytes)
                {
                    high |= (ulong)start[i] << (56 - (i << 3));
                }
                else
                {
                    low |= (ulong)start[i] << (56 - ((i - HalfBytes) << 3));
                }
            }
        }

        Current = new NlriEntry(IpPrefix.FromCheckedIpv6(high, low, length), pathId);
        _offset = offset + 1 + byteCount;
        return true;
    }

    private bool Malformed()
    {
        IsMalformed = true;
        _offset = _field.Length;
        return false;
    }
}
