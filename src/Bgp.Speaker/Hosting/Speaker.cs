using System.Collections.Frozen;
using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// The speaker engine: owns one session per configured peer and the listener, starts them, applies
/// a new configuration by touching only what changed, and stops everything with Cease.
/// <para>Reload rules (BIRD's, which Calico relies on when it sends SIGHUP):</para>
/// <list type="bullet">
/// <item>a removed peer gets Cease 6/3 Peer De-configured (RFC 4486 §4);</item>
/// <item>a peer whose options changed (value equality) gets Cease 6/6 Other Configuration Change and
/// a new session; one switched to shutdown gets 6/2 Administrative Shutdown;</item>
/// <item>a new local AS or router ID restarts every peer with 6/6;</item>
/// <item>a new listen address or port rebinds the listener; unchanged peers are not touched at all.</item>
/// </list>
/// Start, apply and stop are serialized; status reads are not blocked by them.
/// </summary>
public sealed partial class Speaker : IAsyncDisposable
{
    public const string ShutdownMessage = "bgpd shutting down";

    private readonly PeerSessionFactory _createSession;
    private readonly BgpListenerFactory? _createListener;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RoutingEngine _routing;

    // Replaced whole under _gate; read without it by the listener and GetStatus.
    private volatile Peers _peers = Peers.Empty;
    private volatile SpeakerOptions _options;
    private IBgpListener? _listener;
    private bool _started;
    private bool _stopped;

    /// <param name="createListener">Binds the listener; null never listens (tests of peers alone).</param>
    /// <param name="routing">The routing core the sessions feed; null creates one on the system clock.</param>
    public Speaker(SpeakerOptions options, PeerSessionFactory createSession, BgpListenerFactory? createListener, ILogger<Speaker> logger,
        RoutingEngine? routing = null)
    {
        _options = options;
        _createSession = createSession;
        _createListener = createListener;
        _logger = logger;
        _routing = routing ?? new RoutingEngine(options, TimeProvider.System, logger);
    }

    public SpeakerOptions Options => _options;

    /// <summary>The routing core: Loc-RIB, update groups, origination (<see cref="RoutingEngine.AddLocalRouteAsync"/>).</summary>
    public RoutingEngine Routing => _routing;

    /// <summary>A snapshot of the Loc-RIB paths of <paramref name="family"/> (prefix, path id, source, attributes, best, stale).</summary>
    public Task<IReadOnlyList<RouteSnapshot>> GetRoutesAsync(Bgp.Protocol.AddressFamily family, CancellationToken cancellationToken = default) =>
        _routing.GetRoutesAsync(family, cancellationToken);

    /// <summary>Per peer: paths accepted from it, routes advertised to its update group, stale families.</summary>
    public Task<IReadOnlyList<PeerRouteCounts>> GetPeerRouteCountsAsync(CancellationToken cancellationToken = default) =>
        _routing.GetPeerCountsAsync(cancellationToken);

    /// <summary>The bound listener, or null when listening is off.</summary>
    public IBgpListener? Listener => _listener;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                throw new InvalidOperationException("The speaker is already started.");
            }

            SpeakerOptions options = _options;
            _listener = Bind(options); // first: a port in use fails the start before any session exists
            _routing.Start();
            await _routing.ApplyAsync(options).ConfigureAwait(false);
            var sessions = new Dictionary<string, IPeerSession>();
            foreach (PeerOptions peer in options.Peers)
            {
                sessions[peer.Name] = CreateSession(peer, options);
            }

            _peers = new Peers(options.Peers, sessions);
            _listener?.UpdatePeers(options.Peers, options.LocalAs);
            StartDynamicPeers(options);
            _started = true;
            LogStarting(_logger, options.LocalAs, options.RouterId, options.Peers.Count);
            StartAll(options.Peers, sessions);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Applies a reloaded configuration. When the new listener cannot bind, nothing is changed and
    /// the exception propagates, so the caller keeps the running configuration.
    /// </summary>
    public async Task ApplyAsync(SpeakerOptions next, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (!_started)
            {
                _options = next;
                return;
            }

            SpeakerOptions current = _options;
            if (!Equals(current.Listen, next.Listen))
            {
                await RebindAsync(current, next).ConfigureAwait(false);
            }

            bool identityChanged = current.LocalAs != next.LocalAs || !current.RouterId.Equals(next.RouterId);
            Peers old = _peers;
            var nextNames = next.Peers.Select(peer => peer.Name).ToHashSet();

            var stops = new List<Task>();
            foreach (PeerOptions peer in old.Configured)
            {
                if (!nextNames.Contains(peer.Name))
                {
                    stops.Add(StopAndDisposeAsync(old.Sessions[peer.Name], CeaseSubcode.PeerDeconfigured, "peer removed from the configuration", cancellationToken));
                }
            }

            var sessions = new Dictionary<string, IPeerSession>();
            var toStart = new List<PeerOptions>();
            int unchanged = 0, restarted = 0, added = 0;
            foreach (PeerOptions peer in next.Peers)
            {
                if (old.Sessions.TryGetValue(peer.Name, out IPeerSession? session))
                {
                    // Policy and routing options never reset a session: the routing engine re-applies them.
                    if (!identityChanged && session.Options.EqualsExceptPolicy(peer))
                    {
                        if (!session.Options.Equals(peer) && session is IReconfigurableSession reconfigurable)
                        {
                            // Status and diagnostics show the policy names in force.
                            reconfigurable.UpdateOptions(peer);
                        }

                        sessions[peer.Name] = session;
                        unchanged++;
                        continue;
                    }

                    (CeaseSubcode subcode, string message) = peer.Shutdown && !session.Options.Shutdown
                        ? (CeaseSubcode.AdministrativeShutdown, "peer shut down by configuration")
                        : (CeaseSubcode.OtherConfigurationChange, identityChanged ? "local AS or router ID changed" : "peer configuration changed");
                    stops.Add(StopAndDisposeAsync(session, subcode, message, cancellationToken));
                    restarted++;
                }
                else
                {
                    added++;
                }

                sessions[peer.Name] = CreateSession(peer, next);
                toStart.Add(peer);
            }

            await Task.WhenAll(stops).ConfigureAwait(false);
            _peers = new Peers(next.Peers, sessions);
            _options = next;
            UpdateListenerPeers(next);
            await ApplyDynamicPeersAsync(current, next, identityChanged, cancellationToken).ConfigureAwait(false);
            await _routing.ApplyAsync(next).ConfigureAwait(false);
            StartAll(toStart, sessions);
            LogApplied(_logger, added, old.Configured.Count - (unchanged + restarted), restarted, unchanged);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops listening, then stops every peer with Cease 6/2 Administrative Shutdown (RFC 4486, RFC 9003 message).</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        StopOnceAsync(async peers =>
        {
            await StopDynamicPeersAsync(CeaseSubcode.AdministrativeShutdown, ShutdownMessage, cancellationToken).ConfigureAwait(false);
            LogStopping(_logger, peers.Configured.Count);
            await Task.WhenAll(peers.Sessions.Values.Select(session =>
                StopAndDisposeAsync(session, CeaseSubcode.AdministrativeShutdown, ShutdownMessage, cancellationToken))).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// A planned graceful restart (as <c>birdc graceful restart</c>): stops listening and closes every
    /// session without a NOTIFICATION, so peers that negotiated graceful restart keep our routes
    /// stale (RFC 4724 §4.2) until we come back with the Restart State bit, or for our Restart Time.
    /// </summary>
    public Task StopForRestartAsync(CancellationToken cancellationToken = default) =>
        StopOnceAsync(async peers =>
        {
            LogStoppingForRestart(_logger, peers.Configured.Count);
            await Task.WhenAll(peers.Sessions.Values.Concat(CloseDynamicPeers()).Select(async session =>
            {
                if (session is PeerSession real)
                {
                    await real.AbortAsync(cancellationToken).ConfigureAwait(false);
                }

                await session.DisposeAsync().ConfigureAwait(false);
            })).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// The first stop only, under the gate: stops listening, takes the configured peers out, and
    /// lets <paramref name="closePeers"/> end their sessions (with Cease, or without for a restart).
    /// </summary>
    private async Task StopOnceAsync(Func<Peers, Task> closePeers, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            if (_listener is not null)
            {
                await _listener.DisposeAsync().ConfigureAwait(false);
                _listener = null;
            }

            Peers peers = _peers;
            _peers = Peers.Empty;
            await closePeers(peers).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _routing.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    /// <summary>Creates a peer's session and connects it to the routing engine (before it starts).</summary>
    private IPeerSession CreateSession(PeerOptions peer, SpeakerOptions options)
    {
        IPeerSession session = _createSession(peer, options);
        if (session is PeerSession real)
        {
            real.AttachRouteSink(_routing);
            real.AttachRestartState(_routing);
        }

        return session;
    }

    /// <summary>Every configured peer's status, in configuration order, then the dynamic peers' by name.</summary>
    public IReadOnlyList<PeerStatus> GetStatus()
    {
        Peers peers = _peers;
        return [.. peers.Configured.Select(peer => peers.Sessions[peer.Name].GetStatus()), .. DynamicStatus()];
    }

    /// <summary>The session configured, or the live dynamic session, for <paramref name="address"/> (IPv4-mapped IPv6 matched as IPv4).</summary>
    public IPeerSession? FindPeer(IPAddress address)
    {
        address = SocketBgpConnector.Normalize(address);
        return _peers.ByAddress.GetValueOrDefault(address) ?? FindDynamic(address);
    }

    /// <summary>The session of the peer (configured or dynamic) named <paramref name="name"/>, or null.</summary>
    public IPeerSession? FindSession(string name) => _peers.Sessions.GetValueOrDefault(name) ?? FindDynamic(name);

    private IBgpListener? Bind(SpeakerOptions options) =>
        options.Listen is null || _createListener is null ? null : _createListener(options.Listen, ResolveIncoming);

    private async Task RebindAsync(SpeakerOptions current, SpeakerOptions next)
    {
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
            _listener = null;
        }

        try
        {
            _listener = Bind(next);
        }
        catch (Exception error) when (error is System.Net.Sockets.SocketException)
        {
            LogRebindFailed(_logger, error);
            _listener = Bind(current); // the old address was ours a moment ago
            _listener?.UpdatePeers(current.Peers, current.LocalAs);
            _listener?.UpdateDynamicRanges(current.DynamicPeers);
            throw;
        }
    }

    private void UpdateListenerPeers(SpeakerOptions options)
    {
        try
        {
            _listener?.UpdatePeers(options.Peers, options.LocalAs);
        }
        catch (SocketOptionException error)
        {
            // The sessions run; only incoming MD5 connections will fail. Say so loudly.
            LogListenerKeysFailed(_logger, error);
        }
    }

    private void StartAll(IEnumerable<PeerOptions> peers, Dictionary<string, IPeerSession> sessions)
    {
        foreach (PeerOptions peer in peers)
        {
            if (peer.Shutdown)
            {
                LogPeerShutdown(_logger, peer.Name);
                continue;
            }

            sessions[peer.Name].Start();
        }
    }

    private async Task StopAndDisposeAsync(IPeerSession session, CeaseSubcode subcode, string message, CancellationToken cancellationToken)
    {
        try
        {
            if (!session.Options.Shutdown)
            {
                LogStoppingPeer(_logger, session.Options.Name, (byte)subcode, message);
                await session.StopAsync(subcode, message, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One immutable snapshot of the configured peers and their sessions.</summary>
    private sealed class Peers(IReadOnlyList<PeerOptions> configured, Dictionary<string, IPeerSession> sessions)
    {
        public static readonly Peers Empty = new([], []);

        public IReadOnlyList<PeerOptions> Configured { get; } = configured;

        public FrozenDictionary<string, IPeerSession> Sessions { get; } = sessions.ToFrozenDictionary();

        public FrozenDictionary<IPAddress, IPeerSession> ByAddress { get; } =
            configured.ToFrozenDictionary(peer => peer.Address, peer => sessions[peer.Name]);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping {Count} peers for a graceful restart: connections closed without NOTIFICATION")]
    private static partial void LogStoppingForRestart(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting: local AS {LocalAs}, router ID {RouterId}, {Count} peers")]
    private static partial void LogStarting(ILogger logger, uint localAs, IPAddress routerId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer} is shut down by configuration; not starting it")]
    private static partial void LogPeerShutdown(ILogger logger, string peer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping peer {Peer}: Cease 6/{Subcode} ({Reason})")]
    private static partial void LogStoppingPeer(ILogger logger, string peer, byte subcode, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration applied: {Added} added, {Removed} removed, {Restarted} restarted, {Unchanged} unchanged")]
    private static partial void LogApplied(ILogger logger, int added, int removed, int restarted, int unchanged);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down {Count} peers with Cease 6/2")]
    private static partial void LogStopping(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot bind the new listen address; keeping the old one")]
    private static partial void LogRebindFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot install TCP MD5 keys on the listener; incoming MD5 sessions will fail")]
    private static partial void LogListenerKeysFailed(ILogger logger, Exception error);
}
