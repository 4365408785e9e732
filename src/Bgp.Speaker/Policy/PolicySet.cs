using System.Collections.Concurrent;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy.Conditions;

namespace Bgp.Speaker.Policy;

/// <summary>
/// Every policy and prefix set of one configuration (the <c>policies</c> and <c>prefixSets</c>
/// sections), compiled and immutable. Compared by canonical text, so a reload that changes only a
/// policy makes <see cref="SpeakerOptions"/> unequal without touching any <see cref="PeerOptions"/>.
/// </summary>
public sealed class PolicySet : IEquatable<PolicySet>
{
    private readonly Dictionary<string, RoutePolicy> _policies;
    private readonly Dictionary<string, PrefixSet> _prefixSets;
    private readonly ConcurrentDictionary<string, PolicyChain> _chains = new(StringComparer.Ordinal);
    private readonly string _text;

    internal PolicySet(IEnumerable<RoutePolicy> policies, IReadOnlyDictionary<string, PrefixSet>? prefixSets = null)
    {
        _policies = policies.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _prefixSets = prefixSets?.ToDictionary(StringComparer.Ordinal) ?? new Dictionary<string, PrefixSet>(StringComparer.Ordinal);
        _text = string.Join('\n', _policies.Values.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.ToString())) + "\n" +
            string.Join('\n', _prefixSets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"\"{s.Key}\": {s.Value}"));
    }

    public static PolicySet Empty { get; } = new([]);

    public IReadOnlyCollection<string> Names => _policies.Keys;

    internal IReadOnlyDictionary<string, PrefixSet> PrefixSets => _prefixSets;

    public bool TryGet(string name, out RoutePolicy policy) => _policies.TryGetValue(name, out policy!);

    /// <summary>The chain of the named policies in order (empty names: accept all). Cached per list.</summary>
    /// <exception cref="KeyNotFoundException">A name is not defined (the loader rejects such configurations).</exception>
    public PolicyChain Chain(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return PolicyChain.AcceptAll;
        }

        return _chains.GetOrAdd(string.Join('\n', names), _ => new PolicyChain(names.Select(name =>
            _policies.TryGetValue(name, out RoutePolicy? policy) ? policy : throw new KeyNotFoundException($"no policy named '{name}'"))));
    }

    public PolicyChain ImportChain(PeerOptions peer) => Chain(peer.ImportPolicy);

    public PolicyChain ExportChain(PeerOptions peer) => Chain(peer.ExportPolicy);

    public bool Equals(PolicySet? other) => other is not null && (ReferenceEquals(this, other) || _text == other._text);

    public override bool Equals(object? obj) => Equals(obj as PolicySet);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    public override string ToString() => _text;
}
