namespace Bgp.E2e.Daemons;

/// <summary>
/// Where the daemons run: port 179 inside the benchmark's network namespace, or an unprivileged
/// port on the host's loopback when there is no namespace. <see cref="BgpdDll"/> is our daemon.
/// </summary>
internal sealed record RunEnvironment(int Port, int GoBgpApiPort, string WorkDirectory, string? BgpdDll)
{
    /// <summary>The hold time every side offers (the scale run's is short, so keepalive punctuality matters).</summary>
    public ushort HoldTimeSeconds { get; init; } = BgpConnection.HoldTimeSeconds;

    /// <summary>RFC 4271 §10: keepalives every third of the hold time.</summary>
    public int KeepaliveSeconds => HoldTimeSeconds / BgpConnection.KeepaliveDivisor;
}
