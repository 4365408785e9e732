using System.Globalization;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// The path attributes of a route, immutable and compared by value so identical sets can be
/// interned (style rule 3). AS numbers are always 4-octet: a 2-octet session's AS4_PATH and
/// AS4_AGGREGATOR are merged on decode and regenerated on encode (RFC 6793 §4.2).
/// Encoding is table-driven through <see cref="AttributeRegistry"/>. A record so that a changed
/// copy reads <c>attributes with { LocalPref = 200 }</c>; the copy starts without the cached hash.
/// </summary>
public sealed record PathAttributes
{
    private uint[] _communities = [];
    private uint[] _clusterList = [];
    private ulong[] _extendedCommunities = [];
    private LargeCommunity[] _largeCommunities = [];
    private UnknownAttribute[] _unknown = [];
    private int _hash;

    public PathAttributes()
    {
    }

    /// <summary>The copy behind <c>with</c>: every field but the cached hash, which the changed copy recomputes.</summary>
    private PathAttributes(PathAttributes original)
    {
        _communities = original._communities;
        _clusterList = original._clusterList;
        _extendedCommunities = original._extendedCommunities;
        _largeCommunities = original._largeCommunities;
        _unknown = original._unknown;
        Origin = original.Origin;
        AsPath = original.AsPath;
        NextHop = original.NextHop;
        MultiExitDisc = original.MultiExitDisc;
        LocalPref = original.LocalPref;
        AtomicAggregate = original.AtomicAggregate;
        Aggregator = original.Aggregator;
        OriginatorId = original.OriginatorId;
        MpReach = original.MpReach;
        MpUnreach = original.MpUnreach;
    }

    public static PathAttributes Empty { get; } = new();

    public Origin? Origin { get; init; }

    public AsPath? AsPath { get; init; }

    /// <summary>NEXT_HOP (RFC 4271 §5.1.3): an IPv4 address as a big-endian integer.</summary>
    public uint? NextHop { get; init; }

    public uint? MultiExitDisc { get; init; }

    public uint? LocalPref { get; init; }

    public bool AtomicAggregate { get; init; }

    public Aggregator? Aggregator { get; init; }

    public IReadOnlyList<uint> Communities { get => _communities; init => _communities = value.ToArray(); }

    public uint? OriginatorId { get; init; }

    public IReadOnlyList<uint> ClusterList { get => _clusterList; init => _clusterList = value.ToArray(); }

    public IReadOnlyList<ulong> ExtendedCommunities { get => _extendedCommunities; init => _extendedCommunities = value.ToArray(); }

    public IReadOnlyList<LargeCommunity> LargeCommunities { get => _largeCommunities; init => _largeCommunities = value.ToArray(); }

    public MpReachNlri? MpReach { get; init; }

    public MpUnreachNlri? MpUnreach { get; init; }

    /// <summary>Unrecognized optional transitive attributes, ordered by type code.</summary>
    public IReadOnlyList<UnknownAttribute> Unknown
    {
        get => _unknown;
        init => _unknown = value.OrderBy(u => u.TypeCode).ToArray();
    }

    internal ReadOnlySpan<uint> CommunitySpan => _communities;

    internal ReadOnlySpan<uint> ClusterListSpan => _clusterList;

    internal ReadOnlySpan<ulong> ExtendedCommunitySpan => _extendedCommunities;

    internal ReadOnlySpan<LargeCommunity> LargeCommunitySpan => _largeCommunities;

    internal ReadOnlySpan<UnknownAttribute> UnknownSpan => _unknown;

    /// <summary>True when no attribute at all is present (the IPv4 End-of-RIB, RFC 4724 §2).</summary>
    public bool IsEmpty => Equals(Empty);

    /// <summary>The Path Attributes field length, MP_REACH_NLRI and MP_UNREACH_NLRI included.</summary>
    public int GetEncodedLength(in EncodeContext context) => GetEncodedLength(context, includeMultiprotocol: true);

    /// <summary>
    /// The Path Attributes field length; without the MP attributes when
    /// <paramref name="includeMultiprotocol"/> is false (for <see cref="Messages.UpdateEncoder"/>,
    /// which builds MP_REACH_NLRI around the NLRI it packs).
    /// </summary>
    public int GetEncodedLength(in EncodeContext context, bool includeMultiprotocol)
    {
        var length = 0;
        foreach (var row in AttributeRegistry.EncodeOrder)
        {
            if (!includeMultiprotocol && row.IsMultiprotocol)
            {
                continue;
            }

            var valueLength = row.GetValueLength(this, context);
            if (valueLength >= 0)
            {
                length += RawPathAttribute.HeaderLengthFor(valueLength) + valueLength;
            }
        }

        foreach (var unknown in _unknown)
        {
            length += unknown.GetEncodedLength();
        }

        return length;
    }

    /// <summary>Writes the Path Attributes field (MP attributes included).</summary>
    public bool TryWrite(Span<byte> destination, in EncodeContext context, out int written) =>
        TryWrite(destination, context, includeMultiprotocol: true, out written);

    /// <summary>
    /// Writes the Path Attributes field. MP_REACH_NLRI and MP_UNREACH_NLRI come first
    /// (RFC 7606 §5.1: "SHALL be encoded as the very first path attribute"); the others follow in
    /// type-code order, unknown ones interleaved by their code.
    /// </summary>
    public bool TryWrite(Span<byte> destination, in EncodeContext context, bool includeMultiprotocol, out int written)
    {
        written = 0;
        if (destination.Length < GetEncodedLength(context, includeMultiprotocol))
        {
            return false;
        }

        var offset = 0;
        var nextUnknown = 0;
        foreach (var row in AttributeRegistry.EncodeOrder)
        {
            if (row.IsMultiprotocol && !includeMultiprotocol)
            {
                continue;
            }

            while (!row.IsMultiprotocol && nextUnknown < _unknown.Length && _unknown[nextUnknown].TypeCode < row.TypeCode)
            {
                offset += _unknown[nextUnknown++].Write(destination[offset..]);
            }

            var valueLength = row.GetValueLength(this, context);
            if (valueLength < 0)
            {
                continue;
            }

            var header = RawPathAttribute.WriteHeader(destination[offset..], row.Flags, row.TypeCode, valueLength);
            offset += header;
            offset += row.WriteValue(this, context, destination.Slice(offset, valueLength));
        }

        while (nextUnknown < _unknown.Length)
        {
            offset += _unknown[nextUnknown++].Write(destination[offset..]);
        }

        written = offset;
        return true;
    }

    /// <summary>Encodes into a new array (tests, tools, pre-encoding an attribute set once).</summary>
    public byte[] ToArray(in EncodeContext context, bool includeMultiprotocol = true)
    {
        var bytes = new byte[GetEncodedLength(context, includeMultiprotocol)];
        TryWrite(bytes, context, includeMultiprotocol, out _);
        return bytes;
    }

    public bool Equals(PathAttributes? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null && GetHashCode() == other.GetHashCode() &&
            Origin == other.Origin && Equals(AsPath, other.AsPath) && NextHop == other.NextHop &&
            MultiExitDisc == other.MultiExitDisc && LocalPref == other.LocalPref &&
            AtomicAggregate == other.AtomicAggregate && Aggregator == other.Aggregator &&
            OriginatorId == other.OriginatorId &&
            _communities.AsSpan().SequenceEqual(other._communities) &&
            _clusterList.AsSpan().SequenceEqual(other._clusterList) &&
            _extendedCommunities.AsSpan().SequenceEqual(other._extendedCommunities) &&
            _largeCommunities.AsSpan().SequenceEqual(other._largeCommunities) &&
            Equals(MpReach, other.MpReach) && Equals(MpUnreach, other.MpUnreach) &&
            _unknown.AsSpan().SequenceEqual(other._unknown);
    }

    /// <summary>Computed once and cached: sets are hashed often when interned.</summary>
    public override int GetHashCode()
    {
        if (_hash != 0)
        {
            return _hash;
        }

        var hash = new HashCode();
        hash.Add(Origin);
        hash.Add(AsPath);
        hash.Add(NextHop);
        hash.Add(MultiExitDisc);
        hash.Add(LocalPref);
        hash.Add(AtomicAggregate);
        hash.Add(Aggregator);
        hash.Add(OriginatorId);
        foreach (var value in _communities)
        {
            hash.Add(value);
        }

        foreach (var value in _clusterList)
        {
            hash.Add(value);
        }

        foreach (var value in _extendedCommunities)
        {
            hash.Add(value);
        }

        foreach (var value in _largeCommunities)
        {
            hash.Add(value);
        }

        foreach (var value in _unknown)
        {
            hash.Add(value);
        }

        hash.Add(MpReach);
        hash.Add(MpUnreach);
        var result = hash.ToHashCode();
        _hash = result == 0 ? 1 : result;
        return _hash;
    }

    public override string ToString()
    {
        var parts = new List<string>();
        if (Origin is { } origin)
        {
            parts.Add($"origin {origin}");
        }

        if (AsPath is not null)
        {
            parts.Add($"as-path [{AsPath}]");
        }

        if (NextHop is { } nextHop)
        {
            parts.Add($"next-hop {FormatIpv4(nextHop)}");
        }

        if (MultiExitDisc is { } med)
        {
            parts.Add($"med {med}");
        }

        if (LocalPref is { } localPref)
        {
            parts.Add($"local-pref {localPref}");
        }

        if (AtomicAggregate)
        {
            parts.Add("atomic-aggregate");
        }

        if (Aggregator is { } aggregator)
        {
            parts.Add($"aggregator {aggregator.As} {FormatIpv4(aggregator.Address)}");
        }

        if (_communities.Length > 0)
        {
            parts.Add($"communities {string.Join(' ', _communities.Select(c => $"{c >> 16}:{c & 0xFFFF}"))}");
        }

        if (OriginatorId is { } originatorId)
        {
            parts.Add($"originator-id {FormatIpv4(originatorId)}");
        }

        if (_clusterList.Length > 0)
        {
            parts.Add($"cluster-list {string.Join(' ', _clusterList.Select(FormatIpv4))}");
        }

        if (_extendedCommunities.Length > 0)
        {
            parts.Add($"ext-communities {string.Join(' ', _extendedCommunities.Select(c => c.ToString("x16", CultureInfo.InvariantCulture)))}");
        }

        if (_largeCommunities.Length > 0)
        {
            parts.Add($"large-communities {string.Join(' ', _largeCommunities)}");
        }

        foreach (var unknown in Unknown)
        {
            parts.Add(unknown.ToString());
        }

        if (MpReach is not null)
        {
            parts.Add(MpReach.ToString());
        }

        if (MpUnreach is not null)
        {
            parts.Add(MpUnreach.ToString());
        }

        return string.Join(", ", parts);
    }

    private static string FormatIpv4(uint address) =>
        $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";
}
