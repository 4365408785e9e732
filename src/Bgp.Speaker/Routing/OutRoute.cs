using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// One route in an Adj-RIB-Out: the path id we sent (0 without ADD-PATH), the attributes as sent
/// (interned; the Adj-RIB-Out owns one reference) and the peer the path came from, which did
/// not get it (sender exclusion).
/// </summary>
internal readonly record struct OutRoute(uint PathId, RouteAttributes Attributes, RouteSource Source);
