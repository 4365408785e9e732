using Bgp.Protocol;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>What the import pipeline needs for one session, read on the session's loop; replaced whole on reload.</summary>
internal sealed record ImportContext(
    RouteSource Source,
    PolicyChain Chain,
    uint LocalAs,
    int AllowAsIn,
    AddressFamilySet Families,
    bool KeepPrePolicy)
{
    public SessionType Session => Source.IsExternal ? SessionType.External : SessionType.Internal;
}
