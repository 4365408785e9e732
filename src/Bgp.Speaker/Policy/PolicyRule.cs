using Bgp.Speaker.Policy.Actions;
using Bgp.Speaker.Policy.Conditions;

namespace Bgp.Speaker.Policy;

/// <summary>
/// "If all conditions, then the actions, then accept / reject / next" (Calico BGPFilter rule,
/// BIRD <c>if ... then { ...; accept; }</c>). No conditions means the rule always matches.
/// </summary>
internal sealed class PolicyRule
{
    private readonly PolicyCondition[] _conditions;
    private readonly PolicyAction[] _actions;

    public PolicyRule(IEnumerable<PolicyCondition> conditions, IEnumerable<PolicyAction> actions, PolicyDecision then, string? name = null)
    {
        _conditions = [.. conditions];
        _actions = [.. actions];
        Then = then;
        Name = name;
    }

    public string? Name { get; }

    public IReadOnlyList<PolicyCondition> Conditions => _conditions;

    public IReadOnlyList<PolicyAction> Actions => _actions;

    public PolicyDecision Then { get; }

    public bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        foreach (PolicyCondition condition in _conditions)
        {
            if (!condition.Matches(route, ref state))
            {
                return false;
            }
        }

        return true;
    }

    public void Apply(in PolicyRoute route, ref PolicyState state)
    {
        foreach (PolicyAction action in _actions)
        {
            action.Apply(route, ref state);
        }
    }

    /// <summary>The rule in configuration syntax, one canonical line.</summary>
    public override string ToString()
    {
        string name = Name is null ? "" : $"\"name\": \"{Name}\", ";
        return $"{{{name}\"match\": {{{string.Join(", ", _conditions.Select(c => c.ToString()))}}}, " +
            $"\"actions\": {{{string.Join(", ", _actions.Select(a => a.ToString()))}}}, \"then\": \"{PolicyNames.Name(Then)}\"}}";
    }
}
