namespace Bgp.Speaker.Policy.Actions;

/// <summary>
/// <c>"setLocalPref": n</c>, or Calico's <c>"setPriority": p</c> which sets
/// <c>localPref = 2147483647 - p</c> (calico-bird.md §2.8).
/// </summary>
internal sealed class SetLocalPrefAction(uint localPref, uint? priority = null) : PolicyAction
{
    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        if (state.LocalPref != localPref)
        {
            state.LocalPref = localPref;
            state.AttributesChanged = true;
        }
    }

    public override string ToString() => priority is { } p ? $"\"setPriority\": {p}" : $"\"setLocalPref\": {localPref}";
}
