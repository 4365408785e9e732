namespace Bgp.Speaker.Policy;

/// <summary>
/// What a rule, a policy's default or a whole chain decides. <see cref="Next"/> is BIRD's
/// non-terminal statement: keep the actions applied so far and go on to the next rule or policy.
/// A <see cref="PolicyResult"/> is always <see cref="Accept"/> or <see cref="Reject"/>.
/// </summary>
public enum PolicyDecision : byte
{
    Next = 0,
    Accept = 1,
    Reject = 2,
}
