using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy.Actions;

/// <summary><c>"setLargeCommunities": [...]</c>: replaces the whole LARGE_COMMUNITY list (empty removes it).</summary>
internal sealed class SetLargeCommunitiesAction(IEnumerable<LargeCommunity> values) : PolicyAction
{
    private readonly LargeCommunity[] _values = [.. values.Distinct()];

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        if (!state.LargeCommunities.AsSpan().SequenceEqual(_values))
        {
            state.LargeCommunities = _values;
            state.AttributesChanged = true;
        }
    }

    public override string ToString() => $"\"setLargeCommunities\": [{string.Join(", ", _values.Select(v => $"\"{v}\""))}]";
}
