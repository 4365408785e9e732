using Bgp.RouteReflector;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// The <c>routeReflector</c> section: its presence makes this speaker an RFC 4456 route reflector
/// for the peers marked <see cref="PeerOptions.RouteReflectorClient"/>.
/// </summary>
public sealed record RouteReflectorOptions
{
    /// <summary>Our cluster's ID; null for our router ID (RFC 4456 §7: a cluster with a single reflector).</summary>
    public ClusterId? ClusterId { get; init; }

    /// <summary>
    /// Reflect routes from one client to the other clients (RFC 4456 §6). Turn off when the
    /// clients are fully meshed among themselves.
    /// </summary>
    public bool ClientToClientReflection { get; init; } = true;

    /// <summary>The cluster ID in effect: the configured one, or the router ID.</summary>
    public ClusterId EffectiveClusterId(uint routerId) => ClusterId ?? Bgp.RouteReflector.ClusterId.FromRouterId(routerId);
}
