namespace Bgp.Speaker.Policy;

/// <summary>Where a route came from (Calico's BGPFilter <c>source</c>; BIRD's <c>source = RTS_*</c>).</summary>
public enum RouteSourceKind : byte
{
    /// <summary>Learned from a BGP peer (Calico <c>source: RemotePeers</c>).</summary>
    Bgp = 0,

    /// <summary>Originated by this speaker (static or configured networks, Calico block blackholes).</summary>
    Local = 1,

    /// <summary>Read from the kernel routing table (Felix's routes; carries an interface name).</summary>
    Kernel = 2,
}
