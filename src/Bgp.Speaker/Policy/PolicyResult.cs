using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy;

/// <summary>
/// The outcome of evaluating a route: accept or reject, the attributes to use (the input's own
/// object, unless an action changed something), the next hop, and which rule decided.
/// </summary>
public readonly struct PolicyResult
{
    internal PolicyResult(PolicyDecision decision, PathAttributes attributes, MpNextHop? nextHop, bool nextHopSelf, RoutePolicy? policy, int ruleIndex,
        bool nextHopSet = false)
    {
        NextHopSet = nextHopSet;
        Decision = decision;
        Attributes = attributes;
        NextHop = nextHop;
        NextHopSelf = nextHopSelf;
        DecidedBy = policy;
        RuleIndex = ruleIndex;
    }

    /// <summary><see cref="PolicyDecision.Accept"/> or <see cref="PolicyDecision.Reject"/>, never Next.</summary>
    public PolicyDecision Decision { get; }

    public bool IsAccepted => Decision == PolicyDecision.Accept;

    /// <summary>
    /// The route's attributes after the actions. The very object of the input when nothing changed,
    /// so callers can test <c>ReferenceEquals</c> and keep an interned set. On reject: the input's.
    /// </summary>
    public PathAttributes Attributes { get; }

    /// <summary>The next hop after <c>setNextHop</c>; the input's when unchanged.</summary>
    public MpNextHop? NextHop { get; }

    /// <summary>
    /// A <c>setNextHop</c> address ran: <see cref="NextHop"/> is explicit and must be sent as is, even
    /// when it equals the route's own next hop (on eBGP the sender would otherwise put its own).
    /// </summary>
    public bool NextHopSet { get; }

    /// <summary><c>setNextHop: "self"</c> ran: the sender replaces the next hop with its own session address.</summary>
    public bool NextHopSelf { get; }

    /// <summary>The policy whose rule or default decided; null when the chain ran out (or was empty).</summary>
    public RoutePolicy? DecidedBy { get; }

    /// <summary>The index of the deciding rule in <see cref="DecidedBy"/>; -1 for a policy's default or the chain's end.</summary>
    public int RuleIndex { get; }

    public override string ToString() =>
        DecidedBy is null ? $"{Decision} (end of chain)"
        : RuleIndex < 0 ? $"{Decision} ({DecidedBy.Name} default)"
        : $"{Decision} ({DecidedBy.Name}.rules[{RuleIndex}])";
}
