using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bgp.Protocol.Nlri;
using Bgp.RouteReflector;

namespace Bgp.Speaker.Demo;

/// <summary>
/// The lab <c>bgpd</c> runs with no arguments: one route reflector and <see cref="Nodes"/> Calico
/// nodes in AS 64512, each on its own loopback address. The reflector is at
/// <see cref="ReflectorAddress"/>; node k (1-based) is <see cref="NodeAddressOffset"/> + k - 1
/// addresses above it (127.0.0.1 → 127.0.0.11, .12, …). Node k owns the k-th /26 block of Calico's default
/// IPv4 pool and the k-th /122 block of an IPv6 pool, as Calico IPAM hands out blocks.
/// </summary>
internal sealed class DemoTopology
{
    /// <summary>Calico's default AS number (BGPConfiguration <c>asNumber</c>), a private ASN (RFC 6996).</summary>
    public const uint LocalAs = 64512;

    /// <summary>The reflector's peer name on every node, and its name in the output.</summary>
    public const string ReflectorName = "rr";

    public const string NodeNamePrefix = "node-";

    public const int DefaultPort = 1790;

    public const int DefaultNodeCount = 4;

    /// <summary>A lab, not a scale test: enough nodes to see reflection, few enough to read the output.</summary>
    public const int MaxNodeCount = 16;

    /// <summary>Node 1 sits this many addresses above the reflector, node k k - 1 more.</summary>
    public const int NodeAddressOffset = 10;

    /// <summary>Calico's default IPv4 pool (CALICO_IPV4POOL_CIDR) and block size (blockSize 26).</summary>
    public static readonly IpPrefix Ipv4Pool = IpPrefix.Parse("192.168.0.0/16");

    public const int Ipv4BlockLength = 26;

    /// <summary>A unique local IPv6 pool (RFC 4193) with Calico's default IPv6 block size (blockSize 122).</summary>
    public static readonly IpPrefix Ipv6Pool = IpPrefix.Parse("fd00::/48");

    public const int Ipv6BlockLength = 122;

    /// <summary>
    /// The reflector's cluster ID, Calico's <c>routeReflectorClusterID</c> in the Calico documentation's
    /// example: deliberately not the router ID, so CLUSTER_LIST and ORIGINATOR_ID read differently.
    /// </summary>
    public static readonly ClusterId ClusterId = ClusterId.Parse("244.0.0.1");

    public static readonly IPAddress DefaultReflectorAddress = IPAddress.Parse("127.0.0.1");

    private const int Ipv4Bits = 32;
    private const int Ipv6Bits = 128;
    private const byte LoopbackFirstOctet = 127;
    private const int LastUsableHostOctet = 254;
    private const int LastOctet = 3;

    public DemoTopology(IPAddress reflectorAddress, int port, int nodeCount)
    {
        byte[] octets = reflectorAddress.GetAddressBytes();
        if (reflectorAddress.AddressFamily != AddressFamily.InterNetwork || octets[0] != LoopbackFirstOctet)
        {
            throw new ArgumentException($"the reflector address must be an IPv4 loopback address (127.x.y.z), got {reflectorAddress}", nameof(reflectorAddress));
        }

        if (nodeCount is < 1 or > MaxNodeCount)
        {
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, $"between 1 and {MaxNodeCount} nodes");
        }

        if (octets[LastOctet] + NodeAddressOffset + nodeCount - 1 > LastUsableHostOctet)
        {
            throw new ArgumentException(
                $"{nodeCount} nodes do not fit after {reflectorAddress} in its /24 (node k is {NodeAddressOffset}+k-1 addresses above the reflector)",
                nameof(reflectorAddress));
        }

        ReflectorAddress = reflectorAddress;
        Port = port;
        Nodes = [.. Enumerable.Range(1, nodeCount).Select(k => CreateNode(octets, k))];
    }

    public IPAddress ReflectorAddress { get; }

    /// <summary>The reflector's listening port; the nodes connect to it.</summary>
    public int Port { get; }

    public IReadOnlyList<DemoNode> Nodes { get; }

    /// <summary>Every address the lab binds: the reflector's, then the nodes'.</summary>
    public IEnumerable<IPAddress> Addresses => Nodes.Select(node => node.Address).Prepend(ReflectorAddress);

    /// <summary>The same lab on another port (once a free one is chosen).</summary>
    public DemoTopology WithPort(int port) => new(ReflectorAddress, port, Nodes.Count);

    private static DemoNode CreateNode(byte[] reflectorOctets, int k)
    {
        byte[] octets = (byte[])reflectorOctets.Clone();
        octets[LastOctet] = (byte)(octets[LastOctet] + NodeAddressOffset + k - 1);
        return new DemoNode($"{NodeNamePrefix}{k}", new IPAddress(octets), Block(Ipv4Pool, Ipv4BlockLength, k - 1), Block(Ipv6Pool, Ipv6BlockLength, k - 1));
    }

    /// <summary>The <paramref name="index"/>-th block of <paramref name="length"/> bits in <paramref name="pool"/>.</summary>
    private static IpPrefix Block(IpPrefix pool, int length, int index)
    {
        byte[] start = pool.ToIPAddress().GetAddressBytes();
        return start.Length == sizeof(uint)
            ? IpPrefix.FromIpv4(BinaryPrimitives.ReadUInt32BigEndian(start) + ((uint)index << (Ipv4Bits - length)), length)
            : IpPrefix.FromIpv6(BinaryPrimitives.ReadUInt128BigEndian(start) + ((UInt128)(uint)index << (Ipv6Bits - length)), length);
    }
}
