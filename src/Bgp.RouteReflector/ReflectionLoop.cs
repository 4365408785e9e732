namespace Bgp.RouteReflector;

/// <summary>Why a received route is a reflection loop (RFC 4456 §8), or <see cref="None"/>.</summary>
public enum ReflectionLoop
{
    None = 0,

    /// <summary>ORIGINATOR_ID is our own BGP Identifier: the route came back to where it entered the AS.</summary>
    OriginatorId = 1,

    /// <summary>CLUSTER_LIST holds our cluster ID: the route was already reflected by our cluster.</summary>
    ClusterList = 2,
}
