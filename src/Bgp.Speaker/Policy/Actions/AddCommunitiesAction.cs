namespace Bgp.Speaker.Policy.Actions;

/// <summary>
/// <c>"addCommunities": ["64512:100", "no-export"]</c> (Calico <c>addCommunity</c>, the export
/// chain's prefixAdvertisement tags): appends each value the route does not carry yet.
/// </summary>
internal sealed class AddCommunitiesAction(IEnumerable<uint> values) : PolicyAction
{
    private readonly uint[] _values = [.. values];

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        foreach (uint value in _values)
        {
            if (!state.Communities.AsSpan().Contains(value))
            {
                state.Communities = [.. state.Communities, value];
                state.AttributesChanged = true;
            }
        }
    }

    public override string ToString() => $"\"addCommunities\": [{string.Join(", ", _values.Select(v => $"\"{new Conditions.CommunityPattern(v, Conditions.CommunityPattern.Exact)}\""))}]";
}
