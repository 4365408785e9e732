using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>An AS path: the value of AS_PATH (and of a merged AS4_PATH), compared by value.</summary>
public sealed class AsPath : IEquatable<AsPath>
{
    private readonly AsPathSegment[] _segments;
    private int _hash;

    public AsPath(IEnumerable<AsPathSegment> segments)
    {
        _segments = segments.ToArray();
    }

    internal AsPath(AsPathSegment[] segments, bool owned)
    {
        _ = owned;
        _segments = segments;
    }

    /// <summary>The empty path, as an iBGP speaker originates it (RFC 4271 §5.1.2).</summary>
    public static AsPath Empty { get; } = new([], owned: true);

    public IReadOnlyList<AsPathSegment> Segments => _segments;

    /// <summary>The path length used by best-path selection (RFC 4271 §9.1.2.2 a, RFC 5065 §5.3).</summary>
    public int PathLength
    {
        get
        {
            var length = 0;
            foreach (var segment in _segments)
            {
                length += segment.PathLength;
            }

            return length;
        }
    }

    /// <summary>A path of one AS_SEQUENCE.</summary>
    public static AsPath FromSequence(params uint[] asns) =>
        asns.Length == 0 ? Empty : new AsPath([new AsPathSegment(AsPathSegmentType.AsSequence, asns)], owned: true);

    /// <summary>The first AS of the path (the neighbour AS for eBGP routes), or null.</summary>
    public uint? FirstAs
    {
        get
        {
            foreach (var segment in _segments)
            {
                if (segment.Type == AsPathSegmentType.AsSequence && segment.Asns.Count > 0)
                {
                    return segment.Asns[0];
                }
            }

            return null;
        }
    }

    public bool Contains(uint asn)
    {
        foreach (var segment in _segments)
        {
            if (segment.AsnSpan.Contains(asn))
            {
                return true;
            }
        }

        return false;
    }

    public bool Equals(AsPath? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._segments.Length != _segments.Length || other.GetHashCode() != GetHashCode())
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            if (!_segments[i].Equals(other._segments[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as AsPath);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            foreach (var segment in _segments)
            {
                hash.Add(segment);
            }

            var value = hash.ToHashCode();
            _hash = value == 0 ? 1 : value;
        }

        return _hash;
    }

    public override string ToString() => string.Join(' ', _segments.Select(s => s.ToString()));
}
