using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>One AS_PATH segment: its type and AS numbers, always held as 4-octet values (RFC 6793).</summary>
public sealed class AsPathSegment : IEquatable<AsPathSegment>
{
    private readonly uint[] _asns;

    public AsPathSegment(AsPathSegmentType type, IEnumerable<uint> asns)
    {
        Type = type;
        _asns = asns.ToArray();
    }

    internal AsPathSegment(AsPathSegmentType type, uint[] asns, bool owned)
    {
        _ = owned;
        Type = type;
        _asns = asns;
    }

    public AsPathSegmentType Type { get; }

    public IReadOnlyList<uint> Asns => _asns;

    internal ReadOnlySpan<uint> AsnSpan => _asns;

    public bool IsConfederation => Type is AsPathSegmentType.AsConfedSequence or AsPathSegmentType.AsConfedSet;

    /// <summary>
    /// The segment's weight in the path length (RFC 4271 §9.1.2.2 a: an AS_SET counts 1;
    /// RFC 5065 §5.3: confederation segments count 0).
    /// </summary>
    public int PathLength => Type switch
    {
        AsPathSegmentType.AsSequence => _asns.Length,
        AsPathSegmentType.AsSet => 1,
        _ => 0,
    };

    public bool Equals(AsPathSegment? other) =>
        other is not null && Type == other.Type && _asns.AsSpan().SequenceEqual(other._asns);

    public override bool Equals(object? obj) => Equals(obj as AsPathSegment);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        foreach (var asn in _asns)
        {
            hash.Add(asn);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var list = string.Join(' ', _asns);
        return Type switch
        {
            AsPathSegmentType.AsSet => "{" + list + "}",
            AsPathSegmentType.AsConfedSequence => "(" + list + ")",
            AsPathSegmentType.AsConfedSet => "[" + list + "]",
            _ => list,
        };
    }
}
