using Xunit;

namespace Bgp.Testing;

/// <summary>
/// A theory over reference daemons (all three unless named): skipped with a reason when one is
/// missing, failed instead under CI=true.
/// </summary>
public sealed class InteropTheoryAttribute : TheoryAttribute
{
    public InteropTheoryAttribute()
        : this(ReferenceDaemonKind.Bird, ReferenceDaemonKind.GoBgp, ReferenceDaemonKind.Frr)
    {
    }

    public InteropTheoryAttribute(params ReferenceDaemonKind[] daemons)
    {
        if (InteropRequirements.SkipReason(daemons) is { } reason)
        {
            Skip = reason;
        }
    }
}
