using System.Net.Sockets;
using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Transport;

/// <summary>Applies one peer's transport options to a socket: MD5 (outgoing sockets only), TTL and GTSM.</summary>
internal static class PeerSocketOptions
{
    /// <summary>
    /// For a socket about to connect: everything must be set before connect, because the SYN is
    /// already signed (RFC 2385) and sent with the TTL.
    /// </summary>
    public static void ApplyBeforeConnect(Socket socket, PeerOptions peer, uint localAs)
    {
        if (peer.Password is not null)
        {
            LinuxSocketOptions.SetMd5Key(socket, peer.Address, peer.Password);
        }

        ApplyTtl(socket, peer, localAs);
    }

    /// <summary>
    /// For an accepted socket: the MD5 key is inherited from the listener, TTL and GTSM are set
    /// here before the first byte is read.
    /// </summary>
    public static void ApplyTtl(Socket socket, PeerOptions peer, uint localAs)
    {
        TtlSettings ttl = TtlSettings.For(peer, localAs);
        AddressFamily family = peer.Address.AddressFamily;
        if (ttl.OutgoingTtl is int outgoing)
        {
            LinuxSocketOptions.SetTtl(socket, family, outgoing);
        }

        if (ttl.MinimumIncomingTtl is int minimum)
        {
            LinuxSocketOptions.SetMinimumTtl(socket, family, minimum);
        }
    }
}
