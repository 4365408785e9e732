namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"interface": "*.cali"</c> (a list means any; Calico BGPFilter <c>interface</c>, the export
/// chain's <c>ifname ~ "*.cali"</c>): the route's kernel interface matches a glob. A route with no
/// interface (BGP-learned, local) never matches.
/// </summary>
internal sealed class InterfaceCondition(IEnumerable<GlobPattern> globs) : PolicyCondition
{
    private readonly GlobPattern[] _globs = [.. globs];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        if (route.Interface is not { } name)
        {
            return false;
        }

        foreach (GlobPattern glob in _globs)
        {
            if (glob.Matches(name))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"\"interface\": [{string.Join(", ", _globs.Select(g => $"\"{g}\""))}]";
}
