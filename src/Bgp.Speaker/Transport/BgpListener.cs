using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Transport;

/// <summary>
/// Accepts incoming BGP connections (RFC 4271 §8.2.1: passive TCP establishment) and hands each to
/// the session configured for its source address; connections from anyone else are closed at once.
/// TCP MD5 keys live on the listening socket, one per peer address, because the kernel must check
/// the SYN's signature before a socket is accepted (RFC 2385 §2); accepted sockets inherit them.
/// </summary>
public sealed partial class BgpListener : IBgpListener
{
    /// <summary>Pending connections the kernel queues; a node has a few hundred peers at most.</summary>
    private const int Backlog = 128;

    private readonly Socket _socket;
    private readonly Func<IPAddress, IPeerSession?> _findPeer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _lock = new();
    private readonly HashSet<Task> _handshakes = [];
    private readonly Task _accepting;
    private Dictionary<IPAddress, string> _md5Keys = [];
    private Dictionary<IPNetwork, string> _md5RangeKeys = [];
    private uint _localAs;

    private BgpListener(Socket socket, Func<IPAddress, IPeerSession?> findPeer, ILogger logger)
    {
        _socket = socket;
        _findPeer = findPeer;
        _logger = logger;
        LocalEndPoint = SocketBgpConnector.Normalize((IPEndPoint)socket.LocalEndPoint!);
        _accepting = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Binds and listens. <see cref="IPAddress.IPv6Any"/> listens dual-mode, so IPv4 peers arrive
    /// as IPv4-mapped addresses and are matched as plain IPv4.
    /// </summary>
    /// <param name="findPeer">The session for a (normalized) remote address, or null when none is configured.</param>
    public static BgpListener Start(ListenOptions options, Func<IPAddress, IPeerSession?> findPeer, ILogger logger)
    {
        var socket = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (options.Address.AddressFamily == AddressFamily.InterNetworkV6 && options.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            // A restarted bgpd must bind while its old connections sit in TIME_WAIT, and a second
            // bgpd on the same address and port must fail rather than share the port.
            LinuxSocketOptions.SetReuseAddressOnly(socket);
            socket.Bind(new IPEndPoint(options.Address, options.Port));

            // The SYN-ACK leaves with the listening socket's TTL, before we know the peer. A GTSM
            // peer drops anything below 255 (RFC 5082 §3), so answer every SYN with 255; each
            // accepted socket then gets its peer's own TTL before the first BGP message.
            if (socket.AddressFamily == AddressFamily.InterNetwork || socket.DualMode)
            {
                LinuxSocketOptions.SetTtl(socket, AddressFamily.InterNetwork, LinuxSocketOptions.MaxTtl);
            }

            if (socket.AddressFamily == AddressFamily.InterNetworkV6)
            {
                LinuxSocketOptions.SetTtl(socket, AddressFamily.InterNetworkV6, LinuxSocketOptions.MaxTtl);
            }

            socket.Listen(Backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var listener = new BgpListener(socket, findPeer, logger);
        LogListening(logger, listener.LocalEndPoint);
        return listener;
    }

    public void UpdatePeers(IReadOnlyList<PeerOptions> peers, uint localAs)
    {
        var keys = new Dictionary<IPAddress, string>();
        foreach (PeerOptions peer in peers)
        {
            if (peer.Password is not null && CanReach(peer.Address))
            {
                keys[peer.Address] = peer.Password;
            }
        }

        lock (_lock)
        {
            _localAs = localAs;
            foreach ((IPAddress address, _) in _md5Keys)
            {
                if (!keys.ContainsKey(address))
                {
                    LinuxSocketOptions.SetMd5Key(_socket, address, null);
                }
            }

            foreach ((IPAddress address, string password) in keys)
            {
                if (!_md5Keys.TryGetValue(address, out string? old) || old != password)
                {
                    LinuxSocketOptions.SetMd5Key(_socket, address, password);
                }
            }

            _md5Keys = keys;
        }
    }

    public void UpdateDynamicRanges(IReadOnlyList<DynamicPeerRange> ranges)
    {
        var keys = new Dictionary<IPNetwork, string>();
        foreach (DynamicPeerRange range in ranges)
        {
            if (range.Template.Password is not null && CanReach(range.Prefix.BaseAddress))
            {
                keys[range.Prefix] = range.Template.Password;
            }
        }

        lock (_lock)
        {
            foreach ((IPNetwork prefix, _) in _md5RangeKeys)
            {
                if (!keys.ContainsKey(prefix))
                {
                    LinuxSocketOptions.SetMd5PrefixKey(_socket, prefix, null);
                }
            }

            foreach ((IPNetwork prefix, string password) in keys)
            {
                if (!_md5RangeKeys.TryGetValue(prefix, out string? old) || old != password)
                {
                    LinuxSocketOptions.SetMd5PrefixKey(_socket, prefix, password);
                }
            }

            _md5RangeKeys = keys;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        await _closing.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _accepting.ConfigureAwait(false);
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _handshakes];
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        LogStopped(_logger, LocalEndPoint);
        _closing.Dispose();
    }

    private bool CanReach(IPAddress peer) =>
        _socket.AddressFamily == peer.AddressFamily ||
        (_socket.DualMode && peer.AddressFamily == AddressFamily.InterNetwork);

    private async Task AcceptLoopAsync()
    {
        while (!_closing.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException ||
                                          (error is SocketException && _closing.IsCancellationRequested))
            {
                return;
            }
            catch (SocketException error)
            {
                // ECONNABORTED and friends concern one connection, not the listener.
                LogAcceptFailed(_logger, error.SocketErrorCode);
                continue;
            }

            Task handshake = HandOverAsync(accepted);
            lock (_lock)
            {
                _handshakes.Add(handshake);
            }

            _ = handshake.ContinueWith(
                done =>
                {
                    lock (_lock)
                    {
                        _handshakes.Remove(done);
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private async Task HandOverAsync(Socket socket)
    {
        IPAddress remote = SocketBgpConnector.Normalize(((IPEndPoint)socket.RemoteEndPoint!).Address);
        IPeerSession? session = _findPeer(remote);
        if (session is null)
        {
            LogUnknownPeer(_logger, remote);
            socket.Dispose();
            return;
        }

        BgpTransportConnection connection;
        try
        {
            socket.NoDelay = true;
            uint localAs;
            lock (_lock)
            {
                localAs = _localAs;
            }

            PeerSocketOptions.ApplyTtl(socket, session.Options, localAs);
            connection = SocketBgpConnector.Wrap(socket);
        }
        catch (SocketException error)
        {
            LogSocketOptionsFailed(_logger, session.Options.Name, remote, error);
            socket.Dispose();
            return;
        }

        bool taken;
        try
        {
            taken = await session.AcceptIncomingAsync(connection).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogHandOverFailed(_logger, session.Options.Name, remote, error);
            taken = false;
        }

        if (!taken)
        {
            LogRefused(_logger, session.Options.Name, remote);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for BGP connections on {EndPoint}")]
    private static partial void LogListening(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped listening on {EndPoint}")]
    private static partial void LogStopped(ILogger logger, IPEndPoint endPoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accept failed: {Error}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closed connection from {Address}: no session takes it")]
    private static partial void LogUnknownPeer(ILogger logger, IPAddress address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed connection from peer {Peer} ({Address}): socket options failed")]
    private static partial void LogSocketOptionsFailed(ILogger logger, string peer, IPAddress address, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer} failed to take the connection from {Address}")]
    private static partial void LogHandOverFailed(ILogger logger, string peer, IPAddress address, Exception error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer} refused the connection from {Address}")]
    private static partial void LogRefused(ILogger logger, string peer, IPAddress address);
}
