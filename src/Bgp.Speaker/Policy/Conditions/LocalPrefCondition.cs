namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"localPref": n</c> or <c>{"min": a, "max": b}</c>, or Calico's <c>"priority": p</c> (or a
/// range), which is <c>localPref == 2147483647 - p</c> (calico-bird.md §2.8): a priority range
/// [a, b] is the LOCAL_PREF range [2147483647 - b, 2147483647 - a]. A route without LOCAL_PREF
/// never matches.
/// </summary>
internal sealed class LocalPrefCondition(uint min, uint max, string text) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state) =>
        state.LocalPref is { } value && value >= min && value <= max;

    public override string ToString() => text;
}
