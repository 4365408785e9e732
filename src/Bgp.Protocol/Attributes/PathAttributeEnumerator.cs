namespace Bgp.Protocol.Attributes;

/// <summary>
/// Walks the Path Attributes field of an UPDATE without allocating. Stops at the end or at the
/// first attribute whose length overruns the field; <see cref="IsMalformed"/> tells which
/// (RFC 7606 §4: the UPDATE is then treat-as-withdraw).
/// </summary>
public ref struct PathAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _field;
    private int _offset;

    public PathAttributeEnumerator(ReadOnlySpan<byte> field)
    {
        _field = field;
        _offset = 0;
        Current = default;
        IsMalformed = false;
    }

    public RawPathAttribute Current { get; private set; }

    public bool IsMalformed { get; private set; }

    public readonly PathAttributeEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_offset >= _field.Length)
        {
            return false;
        }

        if (!RawPathAttribute.TryRead(_field[_offset..], out var attribute, out var consumed))
        {
            IsMalformed = true;
            _offset = _field.Length;
            return false;
        }

        _offset += consumed;
        Current = attribute;
        return true;
    }
}
