using System.Globalization;
using System.Text;

namespace Bgp.Speaker.Policy;

/// <summary>
/// A peer's import or export policies in order (<c>importPolicy</c> / <c>exportPolicy</c>): the
/// first terminal decision wins; a policy whose rules all miss applies its default, and
/// <c>next</c> passes the route, with its edits, to the following policy. When every policy says
/// <c>next</c> the route is rejected (a BIRD filter that ends without a decision rejects).
/// The empty chain accepts everything unchanged.
/// <para>
/// Evaluation is pure: the same route and chain always give the same result, so a reloaded chain
/// is applied by re-running it over the Adj-RIB-In (soft reconfiguration) or after a route refresh,
/// never by resetting the session. <see cref="Fingerprint"/> tells which peers need that.
/// </para>
/// </summary>
public sealed class PolicyChain
{
    // FNV-1a, 64-bit (a non-cryptographic hash is enough to tell two chains apart, and SHA-256
    // would load OpenSSL into the daemon: about 5 MiB of resident memory).
    private const ulong FnvOffsetBasis = 14695981039346656037ul;
    private const ulong FnvPrime = 1099511628211ul;
    private readonly RoutePolicy[] _policies;

    public PolicyChain(IEnumerable<RoutePolicy> policies)
    {
        _policies = [.. policies];
        var text = new StringBuilder();
        foreach (RoutePolicy policy in _policies)
        {
            text.Append(policy).Append('\n');
        }

        Fingerprint = _policies.Length == 0
            ? "accept-all"
            : Fnv1a(Encoding.UTF8.GetBytes(text.ToString())).ToString("x16", CultureInfo.InvariantCulture);
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    /// <summary>No policy: everything is accepted unchanged.</summary>
    public static PolicyChain AcceptAll { get; } = new([]);

    public IReadOnlyList<RoutePolicy> Policies => _policies;

    public bool IsEmpty => _policies.Length == 0;

    /// <summary>
    /// A short hash of the chain's canonical text (names, rules, defaults, prefix-set contents):
    /// equal fingerprints mean equal behaviour, a different one means the peer's routes must be
    /// re-evaluated (route refresh or soft reconfiguration inbound for import; re-export for export).
    /// </summary>
    public string Fingerprint { get; }

    /// <summary>Evaluates one route. Allocates nothing unless an action changes an attribute.</summary>
    public PolicyResult Evaluate(in PolicyRoute route)
    {
        RoutePolicy[] policies = _policies;
        if (policies.Length == 0)
        {
            return new PolicyResult(PolicyDecision.Accept, route.Attributes, route.NextHop, false, null, -1);
        }

        var state = new PolicyState(route);
        for (int i = 0; i < policies.Length; i++)
        {
            PolicyDecision decision = policies[i].Run(route, ref state, out int ruleIndex);
            if (decision != PolicyDecision.Next)
            {
                return Finish(route, ref state, decision, policies[i], ruleIndex);
            }
        }

        return Finish(route, ref state, PolicyDecision.Reject, null, -1);
    }

    private static PolicyResult Finish(in PolicyRoute route, ref PolicyState state, PolicyDecision decision, RoutePolicy? policy, int ruleIndex) =>
        decision == PolicyDecision.Accept
            ? new PolicyResult(decision, state.BuildAttributes(), state.NextHop, state.NextHopSelf, policy, ruleIndex, state.NextHopSet)
            : new PolicyResult(decision, route.Attributes, route.NextHop, false, policy, ruleIndex);

    public override string ToString() => _policies.Length == 0 ? "(accept all)" : string.Join(" -> ", _policies.Select(p => p.Name));
}
