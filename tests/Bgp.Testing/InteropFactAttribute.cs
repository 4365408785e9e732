using Xunit;

namespace Bgp.Testing;

/// <summary>
/// A fact that needs BIRD 2 and GoBGP. Skipped with a reason when they are missing, except on CI
/// (env CI=true), where a missing daemon must fail the run instead of hiding it.
/// </summary>
public sealed class InteropFactAttribute : FactAttribute
{
    public InteropFactAttribute()
    {
        var missing = DaemonBinaries.MissingBirdAndGoBgp();
        if (missing is not null && !IsCi)
        {
            Skip = missing;
        }
    }

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
