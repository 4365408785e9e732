namespace Bgp.Speaker.Policy.Actions;

/// <summary>
/// One edit of a rule's <c>actions</c> object, applied in the order they are written when the
/// rule matches. An action that would not change the value leaves the state untouched, so an
/// unchanged route keeps its (interned) attribute object.
/// <see cref="ToString"/> gives the action in configuration syntax.
/// </summary>
internal abstract class PolicyAction
{
    public abstract void Apply(in PolicyRoute route, ref PolicyState state);

    public abstract override string ToString();
}
