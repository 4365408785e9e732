using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Transport;

/// <summary>
/// Opens a peer's outgoing TCP connection: binds its source address, sets MD5, TTL and GTSM on the
/// socket before connecting (the SYN must already carry them), connects within
/// <see cref="ConnectTimeout"/>, and hands the socket over as a <see cref="BgpTransportConnection"/>.
/// </summary>
public sealed class SocketBgpConnector : IBgpConnector
{
    /// <summary>
    /// Bounds one attempt. The kernel's own SYN retries take about two minutes; a BGP speaker
    /// retries on its ConnectRetryTimer instead (RFC 4271 §8.1.3).
    /// </summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly uint _localAs;

    /// <param name="localAs">The speaker's AS, to tell eBGP from iBGP for the default TTL; a peer's own LocalAs wins.</param>
    public SocketBgpConnector(uint localAs, TimeSpan? connectTimeout = null)
    {
        _localAs = localAs;
        ConnectTimeout = connectTimeout ?? DefaultConnectTimeout;
    }

    public TimeSpan ConnectTimeout { get; }

    public async ValueTask<BgpTransportConnection> ConnectAsync(PeerOptions peer, CancellationToken cancellationToken)
    {
        var socket = new Socket(peer.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            if (peer.SourceAddress is { } source)
            {
                socket.Bind(new IPEndPoint(source, 0));
            }

            PeerSocketOptions.ApplyBeforeConnect(socket, peer, _localAs);

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(peer.Address, peer.Port), timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            return Wrap(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a connected socket; disposing the connection closes the socket.</summary>
    internal static BgpTransportConnection Wrap(Socket socket)
    {
        var local = Normalize((IPEndPoint)socket.LocalEndPoint!);
        var remote = Normalize((IPEndPoint)socket.RemoteEndPoint!);
        var pipe = new SocketDuplexPipe(socket);
        return new BgpTransportConnection(pipe, local, remote, pipe);
    }

    /// <summary>An IPv4 peer on a dual-mode IPv6 socket appears as ::ffff:a.b.c.d; sessions and logs want a.b.c.d.</summary>
    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    internal static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
