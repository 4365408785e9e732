namespace Bgp.Speaker.Routing;

/// <summary>One peer's routes as the routing engine sees them.</summary>
/// <param name="Peer">The configured peer name.</param>
/// <param name="Established">A session is up and joined to update generation.</param>
/// <param name="Accepted">Paths in the Loc-RIB from this peer (its post-policy Adj-RIB-In), stale ones included.</param>
/// <param name="Advertised">Routes in the Adj-RIB-Out of the peer's update group (what the group sent, before sender exclusion).</param>
/// <param name="UpdateGroup">The update group's number; peers with the same number share one encoding.</param>
/// <param name="Stale">Address families whose routes are held stale for this peer's graceful restart.</param>
public sealed record PeerRouteCounts(string Peer, bool Established, int Accepted, int Advertised, int UpdateGroup, string Stale);
