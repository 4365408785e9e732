using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Nlri;

/// <summary>
/// Walks an NLRI field without allocating. Stops at the end of the field or at the first
/// malformed entry; <see cref="IsMalformed"/> tells which (validate first with
/// <see cref="NlriCodec.Validate"/> when the difference matters).
/// </summary>
public ref struct NlriEnumerator
{
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

    public bool MoveNext()
    {
        if (_offset >= _field.Length)
        {
            return false;
        }

        if (!NlriCodec.TryRead(_field[_offset..], _afi, _addPath, out var entry, out var consumed))
        {
            IsMalformed = true;
            _offset = _field.Length;
            return false;
        }

        _offset += consumed;
        Current = entry;
        return true;
    }
}
