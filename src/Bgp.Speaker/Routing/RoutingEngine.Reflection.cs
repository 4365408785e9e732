using Bgp.RouteReflector;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Routing;

/// <summary>
/// Route reflection (RFC 4456) as the engine configures it: the rules themselves are in
/// <see cref="ReflectionRules"/> and are applied at the engine's hooks — the import pipeline
/// (<see cref="RouteImporter"/>: loops dropped, ORIGINATOR_ID set) and the path rules
/// (<see cref="PathRules"/>: who gets a reflected route, CLUSTER_LIST prepended).
/// </summary>
public sealed partial class RoutingEngine
{
    private ReflectionCounters? _reflectionCounters;

    /// <summary>Routes dropped on import as RFC 4456 §8 loops (our ORIGINATOR_ID, our CLUSTER_ID in CLUSTER_LIST).</summary>
    public long ReflectionLoopsDropped => Reflection.OriginatorIdLoops + Reflection.ClusterListLoops;

    /// <summary>Created on first use: session loops build import contexts concurrently.</summary>
    private ReflectionCounters Reflection => LazyInitializer.EnsureInitialized(ref _reflectionCounters, () => new ReflectionCounters(_logger));

    /// <summary>Our cluster ID when this speaker is a route reflector; null when it is not.</summary>
    private ClusterId? ReflectorClusterId =>
        _options.RouteReflector?.EffectiveClusterId(LocalSpeaker.ToBgpIdentifier(_options.RouterId));

    /// <summary>An iBGP peer marked <c>routeReflectorClient</c> of a speaker that is a reflector (RFC 4456 §6).</summary>
    private bool IsReflectorClient(PeerOptions options, bool external) =>
        !external && options.RouteReflectorClient && _options.RouteReflector is not null;
}
