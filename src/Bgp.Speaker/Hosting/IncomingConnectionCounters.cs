namespace Bgp.Speaker.Hosting;

/// <summary>What became of incoming connections that no configured peer claimed (metrics and status).</summary>
public sealed record IncomingConnectionCounters
{
    /// <summary>Refused: the address is neither a configured peer nor in a <c>dynamicPeers</c> range.</summary>
    public long RefusedUnknown { get; init; }

    /// <summary>Refused: the address is in a range that already holds its <c>maxPeers</c> sessions.</summary>
    public long RefusedRangeFull { get; init; }

    /// <summary>Dynamic sessions created from a range since start.</summary>
    public long DynamicAccepted { get; init; }

    /// <summary>Dynamic sessions alive now, per range name.</summary>
    public IReadOnlyDictionary<string, int> DynamicPerRange { get; init; } = new Dictionary<string, int>();
}
