using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Tests.Rib;

/// <summary>Sources, attribute sets and prefixes for RIB and decision tests.</summary>
internal static class RibTestKit
{
    public const uint LocalAs = 64512;

    public static RouteSource Ibgp(int n, uint? routerId = null, bool rrClient = false) =>
        RouteSource.ForPeer($"ibgp{n}", IPAddress.Parse($"10.0.0.{n}"), LocalAs, LocalAs, routerId ?? (uint)(0x0A000000 + n), rrClient);

    public static RouteSource Ebgp(int n, uint remoteAs, uint? routerId = null) =>
        RouteSource.ForPeer($"ebgp{n}", IPAddress.Parse($"10.1.0.{n}"), remoteAs, LocalAs, routerId ?? (uint)(0x0A010000 + n));

    public static RouteSource Local() => RouteSource.Local(LocalAs, 0x0AFFFFFF);

    public static PathAttributes Attributes(
        uint[]? asPath = null,
        Origin origin = Origin.Igp,
        uint? localPref = null,
        uint? med = null,
        uint nextHop = 0x0A000001,
        uint? originatorId = null,
        uint[]? clusterList = null,
        uint[]? communities = null) => new()
    {
        Origin = origin,
        AsPath = asPath is null ? AsPath.Empty : AsPath.FromSequence(asPath),
        NextHop = nextHop,
        LocalPref = localPref,
        MultiExitDisc = med,
        OriginatorId = originatorId,
        ClusterList = clusterList ?? [],
        Communities = communities ?? [],
    };

    public static RouteAttributes Intern(this AttributeInterner interner, PathAttributes attributes) =>
        interner.Intern(attributes, NlriCarrier.NlriField);

    public static IpPrefix V4(int i, int length = 24) => IpPrefix.FromIpv4(0x0A000000u + ((uint)i << 8), length);

    public static IpPrefix V6(int i) => IpPrefix.FromIpv6(((UInt128)0x20010DB8_00000000 << 64) + ((UInt128)(uint)i << 80), 48);

    public static AddressFamily V4Family => AddressFamily.Ipv4Unicast;
}
