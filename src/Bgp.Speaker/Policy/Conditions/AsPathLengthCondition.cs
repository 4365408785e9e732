namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"asPath": {"length": {"min": a, "max": b}}</c>: the path length as best-path selection
/// counts it (RFC 4271 §9.1.2.2 a: an AS_SET counts 1; RFC 5065 §5.3: confederation segments 0).
/// A route without AS_PATH has length 0.
/// </summary>
internal sealed class AsPathLengthCondition(int min, int max) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        int length = state.AsPath?.PathLength ?? 0;
        return length >= min && length <= max;
    }

    public override string ToString() => $"\"asPath\": {{\"length\": {{\"min\": {min}, \"max\": {max}}}}}";
}
