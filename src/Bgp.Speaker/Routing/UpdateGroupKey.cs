using Bgp.Protocol;
using Bgp.RouteReflector;

namespace Bgp.Speaker.Routing;

/// <summary>
/// What makes two peers' outbound UPDATEs byte-identical: peers with equal keys share one update
/// group, one Adj-RIB-Out and one encoding (style rule 5).
/// </summary>
/// <param name="ExportFingerprint">The export chain's <see cref="Policy.PolicyChain.Fingerprint"/>.</param>
/// <param name="External">eBGP (AS prepend, next hop self, no LOCAL_PREF) or iBGP (split horizon, LOCAL_PREF).</param>
/// <param name="LocalAs">The AS we prepend (the peer's local AS override, or ours).</param>
/// <param name="NextHopSelf">iBGP with next-hop-self.</param>
/// <param name="AddPathSendMax">Paths per prefix with ADD-PATH send; 0 for all.</param>
/// <param name="Encode">4-octet AS, extended messages, ADD-PATH send families.</param>
/// <param name="Families">Families negotiated on the session.</param>
/// <param name="SelfIpv4">Our IPv4 next hop on the session (big-endian).</param>
/// <param name="SelfIpv6">Our IPv6 next hop on the session (big-endian).</param>
/// <param name="RouteReflectorClient">The peer is our route-reflector client (RFC 4456 §6).</param>
/// <param name="LongLivedGracefulRestart">The peer negotiated LLGR: long-lived stale routes may be sent to it (RFC 9494 §4.3).</param>
/// <param name="ReflectorClusterId">Our cluster ID when this speaker is a route reflector (RFC 4456); null when it is not.</param>
/// <param name="ClientToClientReflection">A reflector passes client routes to the other clients (RFC 4456 §6).</param>
internal readonly record struct UpdateGroupKey(
    string ExportFingerprint,
    bool External,
    uint LocalAs,
    bool NextHopSelf,
    int AddPathSendMax,
    EncodeContext Encode,
    AddressFamilySet Families,
    uint SelfIpv4,
    UInt128 SelfIpv6,
    bool RouteReflectorClient,
    bool LongLivedGracefulRestart,
    ClusterId? ReflectorClusterId = null,
    bool ClientToClientReflection = true)
{
    public bool AddPath(AddressFamily family) => Encode.HasAddPath(family);

    public override string ToString() =>
        $"{(External ? "eBGP" : "iBGP")} AS{LocalAs} export {ExportFingerprint} families {Families}{(Encode.AddPathSend != AddressFamilySet.None ? $" add-path {Encode.AddPathSend}" : "")}{(ReflectorClusterId is { } cluster ? $" rr cluster {cluster}{(RouteReflectorClient ? " client" : "")}" : "")}";
}
