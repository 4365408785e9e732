namespace Bgp.Testing;

/// <summary>
/// One path of one prefix as a reference daemon shows it in its own CLI (birdc, gobgp -j, vtysh json),
/// normalized so one assertion reads the same for all three daemons.
/// </summary>
public sealed record DaemonRibRoute
{
    public required string Prefix { get; init; }

    /// <summary>The next hop as the daemon prints it.</summary>
    public required string NextHop { get; init; }

    /// <summary>The AS_PATH flattened (sequences and sets in order).</summary>
    public IReadOnlyList<uint> AsPath { get; init; } = [];

    /// <summary>"IGP", "EGP" or "INCOMPLETE"; null when the daemon did not say.</summary>
    public string? Origin { get; init; }

    public uint? Med { get; init; }

    public uint? LocalPref { get; init; }

    /// <summary>"ASN:VALUE" in the order received.</summary>
    public IReadOnlyList<string> Communities { get; init; } = [];

    /// <summary>"GLOBAL:LOCAL1:LOCAL2" in the order received.</summary>
    public IReadOnlyList<string> LargeCommunities { get; init; } = [];

    /// <summary>ORIGINATOR_ID (RFC 4456) as a dotted quad; null when the path has none.</summary>
    public string? OriginatorId { get; init; }

    /// <summary>CLUSTER_LIST (RFC 4456) as dotted quads, first (most recent) first.</summary>
    public IReadOnlyList<string> ClusterList { get; init; } = [];

    public override string ToString() =>
        $"{Prefix} via {NextHop} path [{string.Join(' ', AsPath)}] origin {Origin} med {Med} lp {LocalPref} " +
        $"comm [{string.Join(' ', Communities)}] large [{string.Join(' ', LargeCommunities)}]" +
        (OriginatorId is null ? "" : $" originator {OriginatorId}") + (ClusterList.Count == 0 ? "" : $" cluster-list [{string.Join(' ', ClusterList)}]");
}
