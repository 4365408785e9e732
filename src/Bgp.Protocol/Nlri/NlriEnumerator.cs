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

    /// <summary>
    /// Reads what precedes the prefix octets of the entry at the current offset: the RFC 7911 path
    /// identifier when ADD-PATH is on, and the length octet. False when the field ends early or the
    /// length exceeds <paramref name="maxBits"/>; the caller then reports the field malformed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool TryReadEntryHeader(int maxBits, out int lengthOffset, out uint pathId, out int length, out int byteCount)
    {
        var field = _field;
        lengthOffset = _offset;
        pathId = 0;
        length = 0;
        byteCount = 0;
        if (_addPath)
        {
            if (field.Length - lengthOffset <= BgpConstants.PathIdLength)
            {
                return false;
            }

            pathId = BinaryPrimitives.ReadUInt32BigEndian(field.Slice(lengthOffset));
            lengthOffset += BgpConstants.PathIdLength;
        }

        length = field[lengthOffset];
        byteCount = (length + 7) >> 3;
        return length <= maxBits && field.Length - lengthOffset - 1 >= byteCount;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool MoveNextIpv4()
    {
        var field = _field;
        if (!TryReadEntryHeader(BgpConstants.Ipv4Bits, out var offset, out var pathId, out var length, out var byteCount))
        {
            return Malformed();
        }

        var available = field.Length - offset - 1;

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
        if (!TryReadEntryHeader(BgpConstants.Ipv6Bits, out var offset, out var pathId, out var length, out var byteCount))
        {
            return Malformed();
        }

        var available = field.Length - offset - 1;

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
