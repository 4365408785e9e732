using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// Who we are to every peer: our AS and BGP Identifier (RFC 4271 §4.2, RFC 6286). A peer's
/// <c>LocalAs</c> option overrides <see cref="LocalAs"/> for that peer.
/// </summary>
public sealed record LocalSpeaker
{
    public LocalSpeaker(uint localAs, IPAddress routerId)
    {
        ArgumentNullException.ThrowIfNull(routerId);

        // RFC 6286 §2.1: the BGP Identifier is a non-zero 4-octet value, written as an IPv4 address.
        if (routerId.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"the router ID {routerId} is not an IPv4 address", nameof(routerId));
        }

        LocalAs = localAs;
        RouterId = routerId;
        BgpIdentifier = ToBgpIdentifier(routerId);
        if (BgpIdentifier == 0)
        {
            throw new ArgumentException("the router ID must not be 0.0.0.0 (RFC 6286 §2.1)", nameof(routerId));
        }
    }

    public uint LocalAs { get; }

    public IPAddress RouterId { get; }

    /// <summary><see cref="RouterId"/> as the unsigned 32-bit value compared in collision detection (RFC 4271 §6.8).</summary>
    public uint BgpIdentifier { get; }

    public static uint ToBgpIdentifier(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        return address.TryWriteBytes(bytes, out var written) && written == sizeof(uint)
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
    }

    public static IPAddress ToAddress(uint bgpIdentifier)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, bgpIdentifier);
        return new IPAddress(bytes);
    }
}
