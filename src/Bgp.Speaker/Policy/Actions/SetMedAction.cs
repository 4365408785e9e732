namespace Bgp.Speaker.Policy.Actions;

/// <summary><c>"setMed": n</c> sets MULTI_EXIT_DISC; <c>"setMed": "remove"</c> removes it.</summary>
internal sealed class SetMedAction(uint? med) : PolicyAction
{
    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        if (state.MultiExitDisc != med)
        {
            state.MultiExitDisc = med;
            state.AttributesChanged = true;
        }
    }

    public override string ToString() => med is { } value ? $"\"setMed\": {value}" : "\"setMed\": \"remove\"";
}
