namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// One test of a rule's <c>match</c> object. A rule matches when all of its conditions do.
/// <see cref="ToString"/> gives the condition in configuration syntax (for fingerprints and logs).
/// </summary>
internal abstract class PolicyCondition
{
    /// <summary>Tests the route as the earlier actions left it; must not allocate.</summary>
    public abstract bool Matches(in PolicyRoute route, ref PolicyState state);

    public abstract override string ToString();
}
