using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"nextHop": "192.0.2.1"</c> or <c>"192.0.2.0/24"</c> (a list means any): the route's
/// current next hop (after any <c>setNextHop</c>) is that address or inside that prefix.
/// </summary>
internal sealed class NextHopCondition(IEnumerable<IpPrefix> prefixes) : PolicyCondition
{
    private readonly IpPrefix[] _prefixes = [.. prefixes];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        if (state.NextHop is not { } hop)
        {
            return false;
        }

        Afi afi = hop.IsIpv6 ? Afi.Ipv6 : Afi.Ipv4;
        foreach (IpPrefix prefix in _prefixes)
        {
            if (prefix.Afi == afi && (hop.Global & PrefixRange.Mask(afi, prefix.Length)) == prefix.AddressBits)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"\"nextHop\": [{string.Join(", ", _prefixes.Select(p => $"\"{p}\""))}]";
}
