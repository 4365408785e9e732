namespace Bgp.Speaker.Policy.Conditions;

/// <summary><c>"fromPeer": "name"</c> (a list means any): the route was learned from the BGP peer with that configured name.</summary>
internal sealed class FromPeerCondition(IEnumerable<string> names) : PolicyCondition
{
    private readonly string[] _names = [.. names];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        if (route.FromPeer is not { } from)
        {
            return false;
        }

        foreach (string name in _names)
        {
            if (string.Equals(name, from, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"\"fromPeer\": [{string.Join(", ", _names.Select(n => $"\"{n}\""))}]";
}
