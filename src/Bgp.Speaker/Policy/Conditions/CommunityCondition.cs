namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"community": {"any": [...]}</c> or <c>{"all": [...]}</c> (a bare list means any): the
/// route's COMMUNITIES (RFC 1997) hold one, or all, of the values or patterns.
/// </summary>
internal sealed class CommunityCondition(IEnumerable<CommunityPattern> patterns, bool all) : PolicyCondition
{
    private readonly CommunityPattern[] _patterns = [.. patterns];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        ReadOnlySpan<uint> communities = state.Communities;
        foreach (CommunityPattern pattern in _patterns)
        {
            bool found = pattern.MatchesAny(communities);
            if (found != all)
            {
                return found;
            }
        }

        return all;
    }

    public override string ToString() => $"\"community\": {{\"{(all ? "all" : "any")}\": [{string.Join(", ", _patterns.Select(p => $"\"{p}\""))}]}}";
}
