using Xunit;

namespace Bgp.Testing;

/// <summary>
/// A fact that needs reference daemons (BIRD 2 and GoBGP unless named). Skipped with a reason when
/// one is missing, except on CI (env CI=true), where a missing daemon must fail the run instead of
/// hiding it.
/// </summary>
public sealed class InteropFactAttribute : FactAttribute
{
    public InteropFactAttribute()
        : this(ReferenceDaemonKind.Bird, ReferenceDaemonKind.GoBgp)
    {
    }

    public InteropFactAttribute(params ReferenceDaemonKind[] daemons)
    {
        if (InteropRequirements.SkipReason(daemons) is { } reason)
        {
            Skip = reason;
        }
    }

    public static bool IsCi => InteropRequirements.IsCi;
}
