using System.Net;
using System.Text.Json;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy.Actions;
using Bgp.Speaker.Policy.Conditions;

namespace Bgp.Speaker.Policy.Config;

/// <summary>
/// Reads the <c>prefixSets</c> and <c>policies</c> sections (docs/CONFIG.md "Policies") and the
/// peers' <c>importPolicy</c> / <c>exportPolicy</c> references. Every error names the file and the
/// field, e.g. <c>bgpd.json: policies.calico-export.rules[2].match.prefix: '10.0.0.0/33' is not a prefix</c>.
/// </summary>
internal sealed class PolicyConfigReader(ConfigSource source)
{
    private const long MaxPrefixLength = 128;

    private static readonly string[] PolicyFields = ["default", "rules", "description"];
    private static readonly string[] RuleFields = ["name", "match", "actions", "then"];

    private static readonly string[] MatchFields =
    [
        "prefix", "prefixSet", "prefixMatch", "prefixLength", "community", "largeCommunity", "extendedCommunity",
        "asPath", "nextHop", "peerType", "source", "fromPeer", "interface", "family", "localPref", "med", "priority",
    ];

    private static readonly string[] ActionFields =
    [
        "setLocalPref", "setPriority", "setMed", "setNextHop", "setCommunities", "stripCommunities", "removeCommunities",
        "addCommunities", "setLargeCommunities", "removeLargeCommunities", "addLargeCommunities", "prependAsPath", "prependAs",
    ];

    private static readonly string[] AsPathFields = ["beginsWith", "contains", "length"];
    private static readonly string[] RangeFields = ["min", "max"];
    private static readonly string[] SetFields = ["any", "all"];
    private static readonly string[] PrependFields = ["asn", "times"];

    private static readonly IReadOnlyDictionary<string, PrefixMatchMode> PrefixModes = new Dictionary<string, PrefixMatchMode>
    {
        ["in"] = PrefixMatchMode.In,
        ["not-in"] = PrefixMatchMode.NotIn,
        ["equal"] = PrefixMatchMode.Equal,
        ["not-equal"] = PrefixMatchMode.NotEqual,
    };

    private readonly Dictionary<string, PrefixSet> _prefixSets = new(StringComparer.Ordinal);

    /// <summary>Reads both sections (either may be absent).</summary>
    public PolicySet Read(JsonElement? prefixSets, string prefixSetsPath, JsonElement? policies, string policiesPath)
    {
        if (prefixSets is { } sets)
        {
            foreach ((string name, JsonElement value, string path) in Map(sets, prefixSetsPath))
            {
                _prefixSets[name] = new PrefixSet(ReadRanges(value, path, exact: false, defaultRange: null));
            }
        }

        var result = new List<RoutePolicy>();
        if (policies is { } section)
        {
            foreach ((string name, JsonElement value, string path) in Map(section, policiesPath))
            {
                result.Add(ReadPolicy(name, value, path));
            }
        }

        return new PolicySet(result, _prefixSets);
    }

    /// <summary>A peer's <c>importPolicy</c> / <c>exportPolicy</c>: one name or a list, each defined in <paramref name="policies"/>.</summary>
    public List<string> ReadPeerPolicyNames(JsonElement value, string path, PolicySet policies)
    {
        var names = new List<string>();
        foreach ((JsonElement item, string itemPath) in OneOrMany(value, path))
        {
            string name = source.ReadString(item, itemPath);
            if (!policies.TryGet(name, out _))
            {
                string defined = policies.Names.Count == 0 ? "none are defined" : $"defined: {string.Join(", ", policies.Names.Order(StringComparer.Ordinal))}";
                throw source.Error(itemPath, $"'{name}' is not a policy in \"policies\" ({defined})");
            }

            if (names.Contains(name))
            {
                throw source.Error(itemPath, $"'{name}' is listed twice");
            }

            names.Add(name);
        }

        return names;
    }

    private IEnumerable<(string Name, JsonElement Value, string Path)> Map(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw source.Error(path, $"must be an object of named entries {{\"name\": ...}}, got {ConfigSource.Describe(element)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string itemPath = $"{path}.{property.Name}";
            if (string.IsNullOrWhiteSpace(property.Name))
            {
                throw source.Error(itemPath, "a name must not be empty");
            }

            if (!seen.Add(property.Name))
            {
                throw source.Error(itemPath, "appears twice; keep one");
            }

            yield return (property.Name, property.Value, itemPath);
        }
    }

    private RoutePolicy ReadPolicy(string name, JsonElement value, string path)
    {
        var policy = new ConfigObject(source, value, path, PolicyFields);
        PolicyDecision defaultDecision = PolicyDecision.Next;
        if (policy.TryGet("default", out JsonElement v, out string p))
        {
            defaultDecision = source.ReadName(v, p, PolicyNames.Decisions);
        }

        if (policy.TryGet("description", out v, out p))
        {
            source.ReadString(v, p);
        }

        var rules = new List<PolicyRule>();
        if (policy.TryGet("rules", out v, out p))
        {
            List<JsonElement> items = source.ReadArray(v, p);
            for (int i = 0; i < items.Count; i++)
            {
                rules.Add(ReadRule(new ConfigObject(source, items[i], $"{p}[{i}]", RuleFields)));
            }
        }

        return new RoutePolicy(name, rules, defaultDecision);
    }

    private PolicyRule ReadRule(ConfigObject rule)
    {
        string? name = rule.TryGet("name", out JsonElement v, out string p) ? source.ReadString(v, p) : null;
        if (!rule.TryGet("then", out v, out p))
        {
            throw source.Error(p, "missing (required): \"accept\", \"reject\" or \"next\" (apply the actions and go on)");
        }

        PolicyDecision then = source.ReadName(v, p, PolicyNames.Decisions);
        List<PolicyCondition> conditions = rule.TryGet("match", out v, out p) ? ReadMatch(new ConfigObject(source, v, p, MatchFields)) : [];
        List<PolicyAction> actions = rule.TryGet("actions", out v, out p) ? ReadActions(new ConfigObject(source, v, p, ActionFields)) : [];
        if (then == PolicyDecision.Reject && actions.Count > 0)
        {
            throw source.Error(rule.FieldPath("actions"), "a rejected route is dropped, so its actions would do nothing; use \"then\": \"next\" or \"accept\"");
        }

        return new PolicyRule(conditions, actions, then, name);
    }

    private List<PolicyCondition> ReadMatch(ConfigObject match)
    {
        var conditions = new List<PolicyCondition>();
        ReadPrefixCondition(match, conditions);

        if (match.TryGet("community", out JsonElement v, out string p))
        {
            (List<(JsonElement, string)> items, bool all) = ReadSet(v, p);
            conditions.Add(new CommunityCondition(items.Select(i => Standard(i.Item1, i.Item2, wildcard: true)), all));
        }

        if (match.TryGet("largeCommunity", out v, out p))
        {
            (List<(JsonElement, string)> items, bool all) = ReadSet(v, p);
            conditions.Add(new LargeCommunityCondition(items.Select(i => Large(i.Item1, i.Item2, wildcard: true)), all));
        }

        if (match.TryGet("extendedCommunity", out v, out p))
        {
            (List<(JsonElement, string)> items, bool all) = ReadSet(v, p);
            conditions.Add(new ExtendedCommunityCondition(items.Select(i => Extended(i.Item1, i.Item2)), all));
        }

        if (match.TryGet("asPath", out v, out p))
        {
            ReadAsPath(new ConfigObject(source, v, p, AsPathFields), conditions);
        }

        if (match.TryGet("nextHop", out v, out p))
        {
            conditions.Add(new NextHopCondition(OneOrMany(v, p).Select(i => AddressOrPrefix(i.Value, i.Path))));
        }

        if (match.TryGet("peerType", out v, out p))
        {
            conditions.Add(new SessionTypeCondition(source.ReadName(v, p, PolicyNames.SessionTypes)));
        }

        if (match.TryGet("source", out v, out p))
        {
            conditions.Add(new SourceCondition(OneOrMany(v, p).Select(i => source.ReadName(i.Value, i.Path, PolicyNames.Sources))));
        }

        if (match.TryGet("fromPeer", out v, out p))
        {
            conditions.Add(new FromPeerCondition(OneOrMany(v, p).Select(i => source.ReadString(i.Value, i.Path))));
        }

        if (match.TryGet("interface", out v, out p))
        {
            conditions.Add(new InterfaceCondition(OneOrMany(v, p).Select(i => Glob(i.Value, i.Path))));
        }

        if (match.TryGet("family", out v, out p))
        {
            conditions.Add(new FamilyCondition(source.ReadName(v, p, PolicyNames.Families)));
        }

        bool hasLocalPref = match.TryGet("localPref", out v, out p);
        if (hasLocalPref)
        {
            (uint min, uint max) = Uint32Range(v, p, uint.MaxValue, "a whole number between 0 and 4294967295");
            conditions.Add(new LocalPrefCondition(min, max, $"\"localPref\": {{\"min\": {min}, \"max\": {max}}}"));
        }

        if (match.TryGet("priority", out v, out p))
        {
            if (hasLocalPref)
            {
                throw source.Error(p, "priority is a LOCAL_PREF value (2147483647 - priority); use either localPref or priority");
            }

            (uint min, uint max) = Uint32Range(v, p, CalicoPriority.Base, PriorityRange);
            conditions.Add(new LocalPrefCondition(
                CalicoPriority.ToLocalPref(max), CalicoPriority.ToLocalPref(min), $"\"priority\": {{\"min\": {min}, \"max\": {max}}}"));
        }

        if (match.TryGet("med", out v, out p))
        {
            (uint min, uint max) = Uint32Range(v, p, uint.MaxValue, "a whole number between 0 and 4294967295");
            conditions.Add(new MedCondition(min, max));
        }

        return conditions;
    }

    private void ReadPrefixCondition(ConfigObject match, List<PolicyCondition> conditions)
    {
        bool hasPrefix = match.TryGet("prefix", out JsonElement prefix, out string prefixPath);
        bool hasSet = match.TryGet("prefixSet", out JsonElement set, out string setPath);
        bool hasMode = match.TryGet("prefixMatch", out JsonElement modeValue, out string modePath);
        bool hasLength = match.TryGet("prefixLength", out JsonElement length, out string lengthPath);
        if (!hasPrefix && !hasSet)
        {
            if (hasMode || hasLength)
            {
                throw source.Error(hasMode ? modePath : lengthPath, "needs \"prefix\" or \"prefixSet\" in the same match");
            }

            return;
        }

        if (hasPrefix && hasSet)
        {
            throw source.Error(setPath, "use either \"prefix\" or \"prefixSet\" in one match; put both lists in a prefix set");
        }

        PrefixMatchMode mode = hasMode ? source.ReadName(modeValue, modePath, PrefixModes) : PrefixMatchMode.In;
        bool exact = mode is PrefixMatchMode.Equal or PrefixMatchMode.NotEqual;
        (int Min, int Max)? range = null;
        if (hasLength)
        {
            if (exact)
            {
                throw source.Error(lengthPath, "a length range only applies to \"prefixMatch\": \"in\" or \"not-in\"");
            }

            range = ReadLengthRange(new ConfigObject(source, length, lengthPath, RangeFields), MaxPrefixLength);
        }

        if (hasPrefix)
        {
            conditions.Add(new PrefixCondition(new PrefixSet(ReadRanges(prefix, prefixPath, exact, range)), mode));
            return;
        }

        string name = source.ReadString(set, setPath);
        if (!_prefixSets.TryGetValue(name, out PrefixSet? named))
        {
            string defined = _prefixSets.Count == 0 ? "none are defined" : $"defined: {string.Join(", ", _prefixSets.Keys.Order(StringComparer.Ordinal))}";
            throw source.Error(setPath, $"'{name}' is not a set in \"prefixSets\" ({defined})");
        }

        if (exact || range is not null)
        {
            // The set's prefixes themselves, exactly (equal) or with this match's length range.
            named = new PrefixSet(named.Ranges.Select(r => new PrefixRange(
                r.Prefix,
                exact ? r.Prefix.Length : Math.Max(r.Prefix.Length, range!.Value.Min),
                exact ? r.Prefix.Length : Math.Min(r.Prefix.MaxLength, range!.Value.Max))));
        }

        conditions.Add(new PrefixCondition(named, mode, name));
    }

    private List<PrefixRange> ReadRanges(JsonElement value, string path, bool exact, (int Min, int Max)? defaultRange)
    {
        var ranges = new List<PrefixRange>();
        foreach ((JsonElement item, string itemPath) in OneOrMany(value, path))
        {
            string text = source.ReadString(item, itemPath);
            if (!PrefixRange.TryParse(text, exact, out PrefixRange range, out string problem))
            {
                throw source.Error(itemPath, problem);
            }

            if (exact && (range.MinLength != range.Prefix.Length || range.MaxLength != range.Prefix.Length))
            {
                throw source.Error(itemPath, $"'{text}' has a length range, but \"prefixMatch\" is equal or not-equal: compare with the prefix alone");
            }

            if (defaultRange is { } lengths && !text.Contains('{', StringComparison.Ordinal))
            {
                int min = Math.Max(range.Prefix.Length, lengths.Min);
                int max = Math.Min(range.Prefix.MaxLength, lengths.Max);
                if (min > max)
                {
                    throw source.Error(itemPath, $"'{text}' cannot hold prefixes of length {lengths.Min} to {lengths.Max}");
                }

                range = new PrefixRange(range.Prefix, min, max);
            }

            ranges.Add(range);
        }

        return ranges;
    }

    private (int Min, int Max) ReadLengthRange(ConfigObject range, long limit)
    {
        long min = range.TryGet("min", out JsonElement v, out string p) ? source.ReadInteger(v, p, 0, limit, $"a length between 0 and {limit}") : 0;
        long max = limit;
        if (range.TryGet("max", out v, out p))
        {
            max = source.ReadInteger(v, p, 0, limit, $"a length between 0 and {limit}");
            if (max < min)
            {
                throw source.Error(p, $"must be at least min ({min}), got {max}");
            }
        }

        return ((int)min, (int)max);
    }

    private void ReadAsPath(ConfigObject asPath, List<PolicyCondition> conditions)
    {
        if (asPath.TryGet("beginsWith", out JsonElement v, out string p))
        {
            conditions.Add(new AsPathBeginsWithCondition(OneOrMany(v, p).Select(i => source.ReadAs(i.Value, i.Path))));
        }

        if (asPath.TryGet("contains", out v, out p))
        {
            conditions.Add(new AsPathContainsCondition(OneOrMany(v, p).Select(i => source.ReadAs(i.Value, i.Path))));
        }

        if (asPath.TryGet("length", out v, out p))
        {
            (int min, int max) = ReadLengthRange(new ConfigObject(source, v, p, RangeFields), ushort.MaxValue);
            conditions.Add(new AsPathLengthCondition(min, max));
        }
    }

    private List<PolicyAction> ReadActions(ConfigObject actions)
    {
        // Applied in this fixed order, whatever order the file lists them in (docs/CONFIG.md).
        var result = new List<PolicyAction>();
        bool hasLocalPref = actions.TryGet("setLocalPref", out JsonElement v, out string p);
        if (hasLocalPref)
        {
            result.Add(new SetLocalPrefAction(Uint32(v, p)));
        }

        if (actions.TryGet("setPriority", out v, out p))
        {
            if (hasLocalPref)
            {
                throw source.Error(p, "priority sets LOCAL_PREF (2147483647 - priority); use either setLocalPref or setPriority");
            }

            uint priority = Priority(v, p);
            result.Add(new SetLocalPrefAction(CalicoPriority.ToLocalPref(priority), priority));
        }

        if (actions.TryGet("setMed", out v, out p))
        {
            result.Add(new SetMedAction(v.ValueKind == JsonValueKind.String && v.GetString() == "remove" ? null : Uint32(v, p)));
        }

        if (actions.TryGet("setNextHop", out v, out p))
        {
            string text = source.ReadString(v, p);
            result.Add(new SetNextHopAction(text == "self" ? null : MpNextHop.FromIPAddress(ReadAddress(v, p, "an IP address or \"self\""))));
        }

        bool hasSet = actions.TryGet("setCommunities", out v, out p);
        if (hasSet)
        {
            result.Add(new SetCommunitiesAction(Many(v, p).Select(i => Standard(i.Value, i.Path, wildcard: false).Value)));
        }

        if (actions.TryGet("stripCommunities", out v, out p) && source.ReadBool(v, p))
        {
            if (hasSet)
            {
                throw source.Error(p, "setCommunities already replaces the list; use one of them");
            }

            result.Add(new RemoveCommunitiesAction([new CommunityPattern(0, 0)], strip: true));
        }

        if (actions.TryGet("removeCommunities", out v, out p))
        {
            result.Add(new RemoveCommunitiesAction(Many(v, p).Select(i => Standard(i.Value, i.Path, wildcard: true))));
        }

        if (actions.TryGet("addCommunities", out v, out p))
        {
            result.Add(new AddCommunitiesAction(Many(v, p).Select(i => Standard(i.Value, i.Path, wildcard: false).Value)));
        }

        if (actions.TryGet("setLargeCommunities", out v, out p))
        {
            result.Add(new SetLargeCommunitiesAction(Many(v, p).Select(i => Large(i.Value, i.Path, wildcard: false).Value)));
        }

        if (actions.TryGet("removeLargeCommunities", out v, out p))
        {
            result.Add(new RemoveLargeCommunitiesAction(Many(v, p).Select(i => Large(i.Value, i.Path, wildcard: true))));
        }

        if (actions.TryGet("addLargeCommunities", out v, out p))
        {
            result.Add(new AddLargeCommunitiesAction(Many(v, p).Select(i => Large(i.Value, i.Path, wildcard: false).Value)));
        }

        if (actions.TryGet("prependAsPath", out v, out p))
        {
            List<(JsonElement Value, string Path)> items = Many(v, p);
            if (items.Count == 0)
            {
                throw source.Error(p, "must list at least one AS number");
            }

            result.Add(new PrependAsPathAction(items.Select(i => source.ReadAs(i.Value, i.Path))));
        }

        if (actions.TryGet("prependAs", out v, out p))
        {
            var prepend = new ConfigObject(source, v, p, PrependFields);
            if (!prepend.TryGet("asn", out JsonElement asn, out string asnPath))
            {
                throw source.Error(asnPath, "missing (required): an AS number, or \"local\" for this session's local AS");
            }

            uint? number = asn.ValueKind == JsonValueKind.String && asn.GetString() == "local" ? null : source.ReadAs(asn, asnPath);
            const long MaxTimes = 255;
            int times = prepend.TryGet("times", out JsonElement t, out string timesPath)
                ? (int)source.ReadInteger(t, timesPath, 1, MaxTimes, $"a count between 1 and {MaxTimes}")
                : 1;
            result.Add(new PrependAsPathAction(number, times));
        }

        return result;
    }

    /// <summary>A bare list (any-of), or {"any": [...]} / {"all": [...]}.</summary>
    private (List<(JsonElement, string)> Items, bool All) ReadSet(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return ([.. OneOrMany(value, path)], false);
        }

        var set = new ConfigObject(source, value, path, SetFields);
        bool any = set.TryGet("any", out JsonElement anyValue, out string anyPath);
        bool all = set.TryGet("all", out JsonElement allValue, out string allPath);
        if (any == all)
        {
            throw source.Error(path, "must hold exactly one of \"any\" or \"all\"");
        }

        List<(JsonElement, string)> items = any ? Many(anyValue, anyPath) : Many(allValue, allPath);
        if (items.Count == 0)
        {
            throw source.Error(any ? anyPath : allPath, "must list at least one value");
        }

        return (items, all);
    }

    private CommunityPattern Standard(JsonElement value, string path, bool wildcard)
    {
        string text = source.ReadString(value, path);
        return CommunityText.TryParseStandard(text, wildcard, out CommunityPattern pattern)
            ? pattern
            : throw source.Error(path, $"'{text}' is not a community: write ASN:value with each part 0..65535{(wildcard ? " or *" : "")}, or one of {string.Join(", ", PolicyNames.WellKnownCommunities.Keys)}");
    }

    private LargeCommunityPattern Large(JsonElement value, string path, bool wildcard)
    {
        string text = source.ReadString(value, path);
        return CommunityText.TryParseLarge(text, wildcard, out LargeCommunityPattern pattern)
            ? pattern
            : throw source.Error(path, $"'{text}' is not a large community: write a:b:c with each part 0..4294967295{(wildcard ? " or *" : "")}");
    }

    private ulong Extended(JsonElement value, string path)
    {
        string text = source.ReadString(value, path);
        return CommunityText.TryParseExtended(text, out ulong community)
            ? community
            : throw source.Error(path, $"'{text}' is not an extended community: write rt:ASN:value, soo:ASN:value or 0x followed by 16 hex digits");
    }

    private IpPrefix AddressOrPrefix(JsonElement value, string path)
    {
        string text = source.ReadString(value, path);
        if (text.Contains('/', StringComparison.Ordinal))
        {
            return PrefixRange.TryParsePrefix(text, out IpPrefix prefix)
                ? prefix
                : throw source.Error(path, $"'{text}' is not a prefix (write e.g. 192.0.2.0/24)");
        }

        IPAddress address = ReadAddress(value, path, "an IP address or a prefix");
        return IpPrefix.Create(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
    }

    private IPAddress ReadAddress(JsonElement value, string path, string expected)
    {
        string text = source.ReadString(value, path);
        if (!IPAddress.TryParse(text, out IPAddress? address) ||
            (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Split('.').Length != 4))
        {
            throw source.Error(path, $"'{text}' is not {expected}");
        }

        return address;
    }

    private GlobPattern Glob(JsonElement value, string path)
    {
        string text = source.ReadString(value, path);
        return text.Length == 0 ? throw source.Error(path, "an interface glob must not be empty (e.g. \"*.cali\", \"tunl0\")") : new GlobPattern(text);
    }

    private uint Uint32(JsonElement value, string path) =>
        (uint)source.ReadInteger(value, path, 0, uint.MaxValue, "a whole number between 0 and 4294967295");

    private static readonly string PriorityRange = $"a priority between 0 and {CalicoPriority.Base} (LOCAL_PREF = {CalicoPriority.Base} - priority)";

    private uint Priority(JsonElement value, string path) =>
        (uint)source.ReadInteger(value, path, 0, CalicoPriority.Base, PriorityRange);

    /// <summary>A number (equality) or {"min": a, "max": b} (either may be left out).</summary>
    private (uint Min, uint Max) Uint32Range(JsonElement value, string path, uint limit, string range)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            uint exact = (uint)source.ReadInteger(value, path, 0, limit, range);
            return (exact, exact);
        }

        var fields = new ConfigObject(source, value, path, RangeFields);
        uint min = fields.TryGet("min", out JsonElement v, out string p) ? (uint)source.ReadInteger(v, p, 0, limit, range) : 0;
        uint max = limit;
        if (fields.TryGet("max", out v, out p))
        {
            max = (uint)source.ReadInteger(v, p, 0, limit, range);
            if (max < min)
            {
                throw source.Error(p, $"must be at least min ({min}), got {max}");
            }
        }

        return (min, max);
    }

    private List<(JsonElement Value, string Path)> Many(JsonElement value, string path) => [.. OneOrMany(value, path)];

    /// <summary>A single value, or an array of values with their indexed paths.</summary>
    private IEnumerable<(JsonElement Value, string Path)> OneOrMany(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return [(value, path)];
        }

        List<JsonElement> items = source.ReadArray(value, path);
        if (items.Count == 0)
        {
            throw source.Error(path, "must list at least one value");
        }

        return items.Select((item, i) => (item, $"{path}[{i}]"));
    }
}
