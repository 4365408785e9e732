namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"localPref": n</c>, or Calico's <c>"priority": p</c> which is <c>localPref == 2147483647 - p</c>
/// (calico-bird.md §2.8). A route without LOCAL_PREF never matches.
/// </summary>
internal sealed class LocalPrefCondition(uint localPref, uint? priority = null) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state) => state.LocalPref == localPref;

    public override string ToString() => priority is { } p ? $"\"priority\": {p}" : $"\"localPref\": {localPref}";
}
