using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy.Actions;

/// <summary><c>"addLargeCommunities": ["64512:1:2"]</c> (Calico <c>addCommunity</c> with an <c>a:b:c</c> value): appends missing values.</summary>
internal sealed class AddLargeCommunitiesAction(IEnumerable<LargeCommunity> values) : PolicyAction
{
    private readonly LargeCommunity[] _values = [.. values];

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        foreach (LargeCommunity value in _values)
        {
            if (!state.LargeCommunities.AsSpan().Contains(value))
            {
                state.LargeCommunities = [.. state.LargeCommunities, value];
                state.AttributesChanged = true;
            }
        }
    }

    public override string ToString() => $"\"addLargeCommunities\": [{string.Join(", ", _values.Select(v => $"\"{v}\""))}]";
}
