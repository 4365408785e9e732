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
    private const int OneOctet = 1;
    private const int TwoOctets = 2;
    private const int ThreeOctets = 3;

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

    public readonly NlriEnumerator GetEnumerator() => this;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext()
    {
        if (_offset >= _field.Length)
        {
            return false;
        }

        return _afi == Afi.Ipv4 ? MoveNextIpv4() : MoveNextOther();
    }

    // IPv4 unicast is most of what a reflector carries: read the prefix octets straight into a uint.
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
        if (length > BgpConstants.Ipv4Bits || field.Length - offset - 1 < byteCount)
        {
            return Malformed();
        }

        var bytes = field.Slice(offset + 1, byteCount);
        var value = byteCount switch
        {
            0 => 0u,
            OneOctet => (uint)bytes[0] << 24,
            TwoOctets => (uint)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 16,
            ThreeOctets => ((uint)BinaryPrimitives.ReadUInt16BigEndian(bytes) << 16) | ((uint)bytes[2] << 8),
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        };

        Current = new NlriEntry(IpPrefix.FromCheckedIpv4(value, length), pathId);
        _offset = offset + 1 + byteCount;
        return true;
    }

    private bool MoveNextOther()
    {
        if (!NlriCodec.TryRead(_field[_offset..], _afi, _addPath, out var entry, out var consumed))
        {
            return Malformed();
        }

        _offset += consumed;
        Current = entry;
        return true;
    }

    private bool Malformed()
    {
        IsMalformed = true;
        _offset = _field.Length;
        return false;
    }
}
