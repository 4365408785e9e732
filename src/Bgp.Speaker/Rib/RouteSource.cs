using System.Buffers.Binary;
using System.Net;
using Bgp.Protocol;

namespace Bgp.Speaker.Rib;

/// <summary>
/// Who a path came from: one peer session (name, address, AS numbers, BGP Identifier) or this
/// speaker itself. Immutable; the RIB holds one reference per path, so it is shared by every path
/// of the session.
/// </summary>
/// <remarks>
/// <para><b>Identity.</b> Two instances with the same <see cref="Name"/> are the same peer: a
/// session that comes back after a graceful restart (RFC 4724) builds a new instance (its BGP
/// Identifier may have changed) and its UPDATEs replace the stale paths of the old one. The RIB
/// matches sources with <see cref="SamePeer"/>.</para>
/// <para>The peer address is also held as a 128-bit integer so the last tie-breaker (RFC 4271
/// §9.1.2.2 g, lowest peer address) compares without touching <see cref="IPAddress"/>.</para>
/// </remarks>
public sealed class RouteSource
{
    /// <summary>The name of the local source unless another is given.</summary>
    public const string LocalName = "local";

    private RouteSource(string name, IPAddress address, uint remoteAs, uint localAs, uint routerId,
        RouteSourceKind kind, bool isRouteReflectorClient)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        // Interned so that SamePeer, run for every path of a destination on every update, is a reference check.
        Name = string.Intern(name);
        Address = address;
        RemoteAs = remoteAs;
        LocalAs = localAs;
        RouterId = routerId;
        Kind = kind;
        IsRouteReflectorClient = isRouteReflectorClient;
        (AddressKey, AddressIsIpv6) = ToKey(address);
    }

    /// <summary>A peer session's source; iBGP when <paramref name="remoteAs"/> equals <paramref name="localAs"/>.</summary>
    /// <param name="routerId">The peer's BGP Identifier from its OPEN (RFC 4271 §4.2), as a big-endian integer.</param>
    /// <param name="isRouteReflectorClient">The peer is our route-reflector client (RFC 4456 §6); meaningful for iBGP.</param>
    public static RouteSource ForPeer(string name, IPAddress address, uint remoteAs, uint localAs, uint routerId,
        bool isRouteReflectorClient = false) =>
        new(name, address, remoteAs, localAs, routerId,
            remoteAs == localAs ? RouteSourceKind.Internal : RouteSourceKind.External, isRouteReflectorClient);

    /// <summary>The source of the routes this speaker originates; its address is 0.0.0.0.</summary>
    public static RouteSource Local(uint localAs, uint routerId, string name = LocalName) =>
        new(name, IPAddress.Any, localAs, localAs, routerId, RouteSourceKind.Local, isRouteReflectorClient: false);

    /// <summary>A unique peer name (the configuration's peer name); the identity across sessions.</summary>
    public string Name { get; }

    public IPAddress Address { get; }

    public uint RemoteAs { get; }

    public uint LocalAs { get; }

    /// <summary>The BGP Identifier as a big-endian integer (ours for <see cref="RouteSourceKind.Local"/>).</summary>
    public uint RouterId { get; }

    public RouteSourceKind Kind { get; }

    /// <summary>The peer is one of our route-reflector clients (RFC 4456 §6).</summary>
    public bool IsRouteReflectorClient { get; }

    public bool IsLocal => Kind == RouteSourceKind.Local;

    public bool IsInternal => Kind == RouteSourceKind.Internal;

    public bool IsExternal => Kind == RouteSourceKind.External;

    /// <summary>The peer address as a big-endian integer (IPv4 in the low 32 bits).</summary>
    public UInt128 AddressKey { get; }

    public bool AddressIsIpv6 { get; }

    /// <summary>Same peer: the same instance, or the same <see cref="Name"/> (a later session).</summary>
    public bool SamePeer(RouteSource other) => ReferenceEquals(this, other) || ReferenceEquals(Name, other.Name);

    public override string ToString() => $"{Name} ({Address}, AS{RemoteAs}, {Kind})";

    private static (UInt128 Key, bool IsIpv6) ToKey(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[BgpConstants.Ipv6Bytes];
        address.TryWriteBytes(bytes, out var written);
        return written == BgpConstants.Ipv4Bytes
            ? (BinaryPrimitives.ReadUInt32BigEndian(bytes), false)
            : (BinaryPrimitives.ReadUInt128BigEndian(bytes), true);
    }
}
