using Bgp.Protocol;
using Bgp.RouteReflector;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>What the import pipeline needs for one session, read on the session's loop; replaced whole on reload.</summary>
/// <param name="RouterId">Our BGP Identifier (big-endian), for the RFC 4456 §8 ORIGINATOR_ID loop check.</param>
/// <param name="ClusterId">Our cluster ID when this speaker is a route reflector; null otherwise.</param>
/// <param name="Reflection">Where reflection loops are counted and logged; null to neither count nor log.</param>
internal sealed record ImportContext(
    RouteSource Source,
    PolicyChain Chain,
    uint LocalAs,
    int AllowAsIn,
    AddressFamilySet Families,
    bool KeepPrePolicy,
    uint RouterId = 0,
    ClusterId? ClusterId = null,
    ReflectionCounters? Reflection = null)
{
    public SessionType Session => Source.IsExternal ? SessionType.External : SessionType.Internal;
}
