using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// One &lt;NLRI AFI, NLRI SAFI, Nexthop AFI&gt; tuple of the Extended Next Hop Encoding capability
/// (RFC 8950 §4): routes of <paramref name="Nlri"/> may carry a next hop of <paramref name="NextHopAfi"/>.
/// </summary>
public readonly record struct ExtendedNextHopEntry(AddressFamily Nlri, Afi NextHopAfi)
{
    public override string ToString() => $"{Nlri} via {NextHopAfi}";
}
