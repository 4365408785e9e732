using Bgp.RouteReflector;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Routing;

/// <summary>
/// Routes dropped as RFC 4456 §8 reflection loops, counted across every session's import loop
/// (thread-safe) and logged at Debug: a steady count points at a cluster ID shared by mistake.
/// </summary>
internal sealed class ReflectionCounters(ILogger logger)
{
    private long _originatorLoops;
    private long _clusterLoops;

    /// <summary>Routes dropped because their ORIGINATOR_ID was our router ID.</summary>
    public long OriginatorIdLoops => Interlocked.Read(ref _originatorLoops);

    /// <summary>Routes dropped because their CLUSTER_LIST held our cluster ID.</summary>
    public long ClusterListLoops => Interlocked.Read(ref _clusterLoops);

    public void LoopDropped(string peer, ReflectionLoop loop, int routes)
    {
        if (routes == 0)
        {
            return;
        }

        Interlocked.Add(ref loop == ReflectionLoop.OriginatorId ? ref _originatorLoops : ref _clusterLoops, routes);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            RoutingLog.ReflectionLoop(logger, peer, routes, loop);
        }
    }
}
