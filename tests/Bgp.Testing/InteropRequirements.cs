namespace Bgp.Testing;

/// <summary>Whether interop tests can run here, and the CI rule: on CI a missing daemon fails instead of skipping.</summary>
public static class InteropRequirements
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The skip reason for a test needing <paramref name="daemons"/>; null when it must run.</summary>
    public static string? SkipReason(IEnumerable<ReferenceDaemonKind> daemons) =>
        IsCi ? null : DaemonBinaries.Missing(daemons);
}
