using System.Net;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Demo;

/// <summary>One Calico node of the demo lab: its name, its address (also its router ID) and its IPAM blocks.</summary>
internal sealed record DemoNode(string Name, IPAddress Address, IpPrefix Ipv4Block, IpPrefix Ipv6Block)
{
    /// <summary>The routes the node originates: its blocks, as Calico's BIRD exports its blackhole block routes.</summary>
    public IReadOnlyList<IpPrefix> Blocks => [Ipv4Block, Ipv6Block];
}
