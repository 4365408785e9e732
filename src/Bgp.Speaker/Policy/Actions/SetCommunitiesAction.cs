namespace Bgp.Speaker.Policy.Actions;

/// <summary><c>"setCommunities": [...]</c>: replaces the whole COMMUNITIES list (an empty list removes the attribute).</summary>
internal sealed class SetCommunitiesAction(IEnumerable<uint> values) : PolicyAction
{
    private readonly uint[] _values = [.. values.Distinct()];

    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        if (!state.Communities.AsSpan().SequenceEqual(_values))
        {
            state.Communities = _values;
            state.AttributesChanged = true;
        }
    }

    public override string ToString() => $"\"setCommunities\": [{string.Join(", ", _values.Select(v => $"\"{new Conditions.CommunityPattern(v, Conditions.CommunityPattern.Exact)}\""))}]";
}
