namespace Bgp.Speaker.Policy.Conditions;

/// <summary><c>"med": n</c> or <c>{"min": a, "max": b}</c>: MULTI_EXIT_DISC in range. A route without MED never matches.</summary>
internal sealed class MedCondition(uint min, uint max) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state) =>
        state.MultiExitDisc is { } value && value >= min && value <= max;

    public override string ToString() => $"\"med\": {{\"min\": {min}, \"max\": {max}}}";
}
