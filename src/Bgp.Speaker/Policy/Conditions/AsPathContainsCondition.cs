namespace Bgp.Speaker.Policy.Conditions;

/// <summary><c>"asPath": {"contains": [a, ...]}</c>: any of these ASNs appears anywhere in the path (sets included).</summary>
internal sealed class AsPathContainsCondition(IEnumerable<uint> asns) : PolicyCondition
{
    private readonly uint[] _asns = [.. asns];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        if (state.AsPath is not { } path)
        {
            return false;
        }

        foreach (uint asn in _asns)
        {
            if (path.Contains(asn))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"\"asPath\": {{\"contains\": [{string.Join(", ", _asns)}]}}";
}
