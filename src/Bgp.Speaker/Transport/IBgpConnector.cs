using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Transport;

/// <summary>Opens outgoing connections to a peer, with its source address, TTL, GTSM and MD5 options.</summary>
public interface IBgpConnector
{
    /// <summary>Connects to <paramref name="peer"/>; throws <see cref="System.Net.Sockets.SocketException"/> or <see cref="OperationCanceledException"/> on failure.</summary>
    ValueTask<BgpTransportConnection> ConnectAsync(PeerOptions peer, CancellationToken cancellationToken);
}
