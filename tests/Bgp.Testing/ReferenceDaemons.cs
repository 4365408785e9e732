namespace Bgp.Testing;

/// <summary>Starts the reference daemon of a given kind for one peering.</summary>
public static class ReferenceDaemons
{
    public static async Task<IReferenceDaemon> StartAsync(ReferenceDaemonKind kind, DaemonPeering peering) => kind switch
    {
        ReferenceDaemonKind.Bird => await BirdDaemon.StartAsync(peering).ConfigureAwait(false),
        ReferenceDaemonKind.GoBgp => await GoBgpDaemon.StartAsync(peering).ConfigureAwait(false),
        ReferenceDaemonKind.Frr => await FrrDaemon.StartAsync(peering).ConfigureAwait(false),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown reference daemon"),
    };
}
