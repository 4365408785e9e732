namespace Bgp.Speaker.Policy;

/// <summary>
/// A named, ordered list of rules: the first rule whose conditions all match applies its actions
/// and decides; a rule that says <c>next</c> lets the following rules run on the edited route.
/// When no rule decides, <see cref="Default"/> does (<c>next</c> hands over to the next policy in
/// the peer's chain). Immutable and pure, so a reload can swap it for a new one at any time.
/// </summary>
public sealed class RoutePolicy
{
    private readonly PolicyRule[] _rules;
    private string? _text;

    internal RoutePolicy(string name, IEnumerable<PolicyRule> rules, PolicyDecision defaultDecision)
    {
        Name = name;
        _rules = [.. rules];
        Default = defaultDecision;
    }

    public string Name { get; }

    /// <summary>What a route that no rule decided gets: accept, reject, or next (the default: the next policy decides).</summary>
    public PolicyDecision Default { get; }

    public int RuleCount => _rules.Length;

    internal IReadOnlyList<PolicyRule> Rules => _rules;

    internal PolicyDecision Run(in PolicyRoute route, ref PolicyState state, out int ruleIndex)
    {
        PolicyRule[] rules = _rules;
        for (int i = 0; i < rules.Length; i++)
        {
            PolicyRule rule = rules[i];
            if (!rule.Matches(route, ref state))
            {
                continue;
            }

            rule.Apply(route, ref state);
            if (rule.Then != PolicyDecision.Next)
            {
                ruleIndex = i;
                return rule.Then;
            }
        }

        ruleIndex = -1;
        return Default;
    }

    /// <summary>The whole policy in canonical configuration syntax: equal text, equal behaviour.</summary>
    public override string ToString() =>
        _text ??= $"\"{Name}\": {{\"default\": \"{PolicyNames.Name(Default)}\", \"rules\": [{string.Join(", ", _rules.Select(r => r.ToString()))}]}}";
}
