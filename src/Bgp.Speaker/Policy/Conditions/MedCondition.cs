namespace Bgp.Speaker.Policy.Conditions;

/// <summary><c>"med": n</c>: MULTI_EXIT_DISC equals n. A route without MED never matches.</summary>
internal sealed class MedCondition(uint med) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state) => state.MultiExitDisc == med;

    public override string ToString() => $"\"med\": {med}";
}
