namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"extendedCommunity": {"any" | "all": [...]}</c>: the route's EXTENDED_COMMUNITIES
/// (RFC 4360), written as <c>rt:ASN:value</c>, <c>soo:ASN:value</c> or 16 hex digits.
/// </summary>
internal sealed class ExtendedCommunityCondition(IEnumerable<ulong> values, bool all) : PolicyCondition
{
    private readonly ulong[] _values = [.. values];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        ReadOnlySpan<ulong> communities = state.ExtendedCommunities;
        foreach (ulong value in _values)
        {
            bool found = communities.Contains(value);
            if (found != all)
            {
                return found;
            }
        }

        return all;
    }

    public override string ToString() => $"\"extendedCommunity\": {{\"{(all ? "all" : "any")}\": [{string.Join(", ", _values.Select(v => $"\"0x{v:x16}\""))}]}}";
}
