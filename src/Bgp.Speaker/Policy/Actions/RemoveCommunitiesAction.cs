using Bgp.Speaker.Policy.Conditions;

namespace Bgp.Speaker.Policy.Actions;

/// <summary>
/// <c>"removeCommunities": ["64512:*", "no-export"]</c>: deletes every community matching a value
/// or pattern. <c>"stripCommunities": true</c> is the same with <c>*:*</c>.
/// </summary>
internal sealed class RemoveCommunitiesAction(IEnumerable<CommunityPattern> patterns, bool strip = false) : PolicyAction
{
    private readonly CommunityPattern[] _patterns = [.. patterns];

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        uint[] current = state.Communities;
        int keep = 0;
        foreach (uint community in current)
        {
            if (!Removed(community))
            {
                keep++;
            }
        }

        if (keep == current.Length)
        {
            return;
        }

        var next = new uint[keep];
        int i = 0;
        foreach (uint community in current)
        {
            if (!Removed(community))
            {
                next[i++] = community;
            }
        }

        state.Communities = next;
        state.AttributesChanged = true;
    }

    private bool Removed(uint community)
    {
        foreach (CommunityPattern pattern in _patterns)
        {
            if (pattern.Matches(community))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => strip ? "\"stripCommunities\": true" : $"\"removeCommunities\": [{string.Join(", ", _patterns.Select(p => $"\"{p}\""))}]";
}
