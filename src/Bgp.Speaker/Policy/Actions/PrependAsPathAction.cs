using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Policy.Actions;

/// <summary>
/// <c>"prependAsPath": [a, b]</c> (Calico <c>prependASPath</c>: the listed order ends up first, so
/// the path becomes <c>a b ...</c>) and <c>"prependAs": {"asn": n | "local", "times": k}</c>.
/// Like RFC 4271 §5.1.2 prepending: the numbers join the leftmost AS_SEQUENCE, or start a new
/// one before an AS_SET; a segment holds at most 255 ASNs (RFC 4271 §4.3, one-octet count).
/// </summary>
internal sealed class PrependAsPathAction : PolicyAction
{
    private const int MaxSegmentAsns = byte.MaxValue;
    private readonly uint[] _asns;
    private readonly bool _local;
    private readonly int _times;

    /// <summary>Prepends <paramref name="asns"/> in the given order.</summary>
    public PrependAsPathAction(IEnumerable<uint> asns)
    {
        _asns = [.. asns];
        _times = 1;
    }

    /// <summary>Prepends one AS (or, when <paramref name="asn"/> is null, the session's local AS) <paramref name="times"/> times.</summary>
    public PrependAsPathAction(uint? asn, int times)
    {
        _asns = asn is { } value ? [value] : [];
        _local = asn is null;
        _times = times;
    }

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        uint[] unit = _local ? (route.LocalAs == 0 ? [] : [route.LocalAs]) : _asns;
        if (unit.Length == 0 || _times == 0)
        {
            return;
        }

        var leading = new List<uint>(unit.Length * _times);
        for (int t = 0; t < _times; t++)
        {
            leading.AddRange(unit);
        }

        IReadOnlyList<AsPathSegment> old = state.AsPath?.Segments ?? [];
        int rest = 0;
        if (old.Count > 0 && old[0].Type == AsPathSegmentType.AsSequence)
        {
            leading.AddRange(old[0].Asns);
            rest = 1;
        }

        var segments = new List<AsPathSegment>();
        for (int i = 0; i < leading.Count; i += MaxSegmentAsns)
        {
            segments.Add(new AsPathSegment(AsPathSegmentType.AsSequence, leading.GetRange(i, Math.Min(MaxSegmentAsns, leading.Count - i))));
        }

        for (int i = rest; i < old.Count; i++)
        {
            segments.Add(old[i]);
        }

        state.AsPath = new AsPath(segments);
        state.AttributesChanged = true;
    }

    public override string ToString() =>
        _local ? $"\"prependAs\": {{\"asn\": \"local\", \"times\": {_times}}}"
        : _times == 1 ? $"\"prependAsPath\": [{string.Join(", ", _asns)}]"
        : $"\"prependAs\": {{\"asn\": {_asns[0]}, \"times\": {_times}}}";
}
