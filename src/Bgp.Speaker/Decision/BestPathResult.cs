using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Decision;

/// <summary>
/// The selected path of a destination and why it won: the latest tie-breaker it needed against
/// any path it beat, i.e. the rule that separated it from the runner-up.
/// </summary>
public readonly record struct BestPathResult(RibPath? Best, BestPathReason Reason);
