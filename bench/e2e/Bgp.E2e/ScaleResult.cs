namespace Bgp.E2e;

/// <summary>
/// One daemon in the scale run: convergence (the monitor's and every client's), the daemon's CPU
/// and peak RSS, and keepalive punctuality (the longest silence each client saw from the reflector,
/// against the hold time), with every session drop.
/// </summary>
internal sealed record ScaleResult(
    string Daemon,
    string Version,
    int Clients,
    int PrefixesPerClient,
    int HoldSeconds,
    double? SessionsUpSeconds,
    double? MonitorSeconds,
    double? AllClientsSeconds,
    int ClientsConverged,
    double? CpuSeconds,
    double? CpuHeldSeconds,
    int HeldSeconds,
    double? PeakRssMiB,
    ScalePunctuality Punctuality,
    IReadOnlyList<string> Drops,
    double HarnessCpuSeconds,
    long Echoed,
    int FailedAttempts,
    RunStatus Status,
    string Detail)
{
    public int TotalRoutes => Clients * PrefixesPerClient;

    /// <summary>Routes delivered to clients when every client holds every other client's routes, plus the monitor's.</summary>
    public long Deliveries => ((long)Clients * (TotalRoutes - PrefixesPerClient)) + TotalRoutes;

    public int Notifications => Drops.Count(d => d.Contains("NOTIFICATION", StringComparison.Ordinal));

    /// <summary>Converged exactly, no session dropped, and no client's silence came near its hold time.</summary>
    public bool Passed => Status == RunStatus.Exact && Drops.Count == 0 && Punctuality.Late == 0;
}
