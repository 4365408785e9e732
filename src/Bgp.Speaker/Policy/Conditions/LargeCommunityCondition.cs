using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary><c>"largeCommunity": {"any" | "all": [...]}</c>: the route's LARGE_COMMUNITY (RFC 8092) values.</summary>
internal sealed class LargeCommunityCondition(IEnumerable<LargeCommunityPattern> patterns, bool all) : PolicyCondition
{
    private readonly LargeCommunityPattern[] _patterns = [.. patterns];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        ReadOnlySpan<LargeCommunity> communities = state.LargeCommunities;
        foreach (LargeCommunityPattern pattern in _patterns)
        {
            bool found = pattern.MatchesAny(communities);
            if (found != all)
            {
                return found;
            }
        }

        return all;
    }

    public override string ToString() => $"\"largeCommunity\": {{\"{(all ? "all" : "any")}\": [{string.Join(", ", _patterns.Select(p => $"\"{p}\""))}]}}";
}
