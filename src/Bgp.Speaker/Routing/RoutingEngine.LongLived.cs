using Bgp.Protocol;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Routing;

/// <summary>The long-lived graceful restart helper's view of a session's capabilities (RFC 9494 §4.1, §4.2, §4.5).</summary>
public sealed partial class RoutingEngine
{
    /// <summary>
    /// Families whose routes are kept long-lived stale when the session ends: those with a non-zero
    /// Long-Lived Stale Time in the peer's capability, when we advertised LLGR to it. RFC 9494 §4.5:
    /// an LLGR capability without the GR capability is ignored.
    /// </summary>
    private static AddressFamilySet LongLivedFamilies(PeerRouting peer, NegotiatedSession negotiated)
    {
        if (peer.Options.LongLivedStaleTime is null || negotiated.PeerGracefulRestart is null ||
            negotiated.PeerLongLivedGracefulRestart is not { } longLived)
        {
            return AddressFamilySet.None;
        }

        var families = AddressFamilySet.None;
        foreach (var family in longLived.Families)
        {
            if (family.StaleTime > 0)
            {
                families |= AddressFamilySetExtensions.ToFlag(family.Family);
            }
        }

        return families & negotiated.Families;
    }

    /// <summary>
    /// RFC 9494 §4.2: once the long-lived period has begun, a returning peer keeps the long-lived
    /// stale routes of a family only if its new LLGR capability lists the family with the F bit
    /// (and comes with a GR capability).
    /// </summary>
    private static AddressFamilySet LongLivedPreserved(NegotiatedSession negotiated)
    {
        if (negotiated.PeerGracefulRestart is null || negotiated.PeerLongLivedGracefulRestart is not { } longLived)
        {
            return AddressFamilySet.None;
        }

        var families = AddressFamilySet.None;
        foreach (var family in longLived.Families)
        {
            if (family.ForwardingState)
            {
                families |= AddressFamilySetExtensions.ToFlag(family.Family);
            }
        }

        return families & negotiated.Families;
    }
}
