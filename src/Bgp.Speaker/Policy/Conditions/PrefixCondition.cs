namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"prefix": [...]</c> or <c>"prefixSet": "name"</c> with <c>"prefixMatch"</c>: the route's
/// prefix is (or, negated, is not) matched by one of the ranges. For <c>equal</c> the ranges were
/// parsed as exact, so one compiled set serves every mode.
/// </summary>
internal sealed class PrefixCondition(PrefixSet set, PrefixMatchMode mode, string? setName = null) : PolicyCondition
{
    private readonly bool _negated = mode is PrefixMatchMode.NotIn or PrefixMatchMode.NotEqual;

    public PrefixSet Set { get; } = set;

    public PrefixMatchMode Mode { get; } = mode;

    public override bool Matches(in PolicyRoute route, ref PolicyState state) => Set.Matches(route.Prefix) != _negated;

    public override string ToString()
    {
        string mode = Mode switch
        {
            PrefixMatchMode.In => "in",
            PrefixMatchMode.NotIn => "not-in",
            PrefixMatchMode.Equal => "equal",
            _ => "not-equal",
        };
        string what = setName is null ? $"\"prefix\": {Set}" : $"\"prefixSet\": \"{setName}\" = {Set}";
        return $"{what}, \"prefixMatch\": \"{mode}\"";
    }
}
