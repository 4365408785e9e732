namespace Bgp.E2e;

/// <summary>One daemon at one scale: the figures and whether the monitor ended with exactly the expected routes.</summary>
internal sealed record RunResult(
    string Daemon,
    string Version,
    int Testers,
    int PrefixesPerTester,
    double? WallSeconds,
    double? CpuSeconds,
    double? CpuTotalSeconds,
    double? PeakRssMiB,
    int Held,
    int BadRoutes,
    long Unexpected,
    long MonitorUpdates,
    RunStatus Status,
    string Detail)
{
    public int TotalRoutes => Testers * PrefixesPerTester;

    public bool Converged => Status == RunStatus.Exact;
}
