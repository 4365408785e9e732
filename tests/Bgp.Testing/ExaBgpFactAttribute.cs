using Xunit;

namespace Bgp.Testing;

/// <summary>
/// A fact that needs ExaBGP (and BIRD 2 and GoBGP as <see cref="InteropFactAttribute"/> does when
/// named). Skipped with a reason when one is missing, except on CI (env CI=true).
/// </summary>
public sealed class ExaBgpFactAttribute : FactAttribute
{
    public ExaBgpFactAttribute(params ReferenceDaemonKind[] daemons)
    {
        if (InteropRequirements.IsCi)
        {
            return;
        }

        var reason = ExaBgpDaemon.Binary is null ? $"missing exabgp; {DaemonBinaries.InstallHint}" : DaemonBinaries.Missing(daemons);
        if (reason is not null)
        {
            Skip = reason;
        }
    }
}
