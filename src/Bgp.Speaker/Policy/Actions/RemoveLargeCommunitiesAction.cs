using Bgp.Protocol.Attributes;
using Bgp.Speaker.Policy.Conditions;

namespace Bgp.Speaker.Policy.Actions;

/// <summary><c>"removeLargeCommunities": ["64512:*:*"]</c>: deletes every large community matching a value or pattern.</summary>
internal sealed class RemoveLargeCommunitiesAction(IEnumerable<LargeCommunityPattern> patterns) : PolicyAction
{
    private readonly LargeCommunityPattern[] _patterns = [.. patterns];

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        LargeCommunity[] current = state.LargeCommunities;
        int keep = 0;
        foreach (LargeCommunity community in current)
        {
            keep += Removed(community) ? 0 : 1;
        }

        if (keep == current.Length)
        {
            return;
        }

        var next = new LargeCommunity[keep];
        int i = 0;
        foreach (LargeCommunity community in current)
        {
            if (!Removed(community))
            {
                next[i++] = community;
            }
        }

        state.LargeCommunities = next;
        state.AttributesChanged = true;
    }

    private bool Removed(LargeCommunity community)
    {
        foreach (LargeCommunityPattern pattern in _patterns)
        {
            if (pattern.Matches(community))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"\"removeLargeCommunities\": [{string.Join(", ", _patterns.Select(p => $"\"{p}\""))}]";
}
