using System.Threading.Channels;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// One configured peer: the RFC 4271 §8 FSM (<see cref="BgpFsm"/>) driven by one event loop, over
/// up to two TCP connections while a collision (§6.8) is being resolved.
/// </summary>
/// <remarks>
/// <para>
/// Design. Everything that can change the session — start and stop requests, timer expiries,
/// connect results, offered connections, received messages, closed connections — is posted to one
/// channel and handled by one task, strictly in order, without awaiting. Handling an event means
/// calling the pure FSM and executing the actions it returns, in order (this file and
/// <c>PeerSession.Actions.cs</c>). I/O lives in <see cref="PeerConnection"/>: a reader loop per
/// connection that posts decoded messages, and a serialized writer that the loop only enqueues to,
/// so a stalled peer can never block the loop.
/// </para>
/// <para>
/// RFC 4271 §8 runs one FSM per connection. The session keeps a primary FSM, which owns the
/// ConnectRetryTimer and the outgoing connects, and at most one secondary FSM for a second
/// connection that appears in OpenSent or OpenConfirm. Collision detection closes one of them with
/// Cease 6/7; if the primary loses, the secondary takes its place.
/// </para>
/// <para>
/// Departures from the letter of §8.2.2, each visible only in timing: a failed outgoing connect
/// does not raise TcpConnectionFails in Connect (which would go Idle and refuse the peer's own
/// connection); the session stays in Connect, keeps listening, and the ConnectRetryTimer starts the
/// next attempt, as BIRD and FRR do. After the FSM falls back to Idle for any reason but a manual
/// stop, an automatic start follows after the (jittered) ConnectRetryTime, the IdleHoldTimer of
/// §8.1.1 without back-off. In passive mode the ConnectRetryTimer is never armed, so the session
/// waits in Active instead of moving to Connect.
/// </para>
/// </remarks>
public sealed partial class PeerSession : IPeerSession, IReconfigurableSession
{
    /// <summary>How long a closing connection may take to flush its last NOTIFICATION before it is cut.</summary>
    internal static readonly TimeSpan CloseFlushTimeout = TimeSpan.FromSeconds(5);

    private readonly LocalSpeaker _local;
    private readonly IBgpConnector _connector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private IRouteSink? _sink;
    private PeerOptions _options;
    private IRestartState? _restart;
    private OpenMessage? _restartOpen;
    private readonly Func<double> _random;
    private readonly FsmConfig _config;
    private readonly OpenMessage _ourOpen;
    private readonly PrefixLimit? _prefixLimit;
    private readonly Channel<SessionEvent> _events =
        Channel.CreateUnbounded<SessionEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SessionTimer _connectRetry;
    private readonly SessionTimer _idleHold;
    private readonly SessionDelays _delays;
    private readonly List<Task> _closing = [];
    private readonly Task _loop;
    private ConnectionFsm _primary;
    private ConnectionFsm? _secondary;
    private long _connectAttempt;
    private CancellationTokenSource? _connectCancel;
    private bool _adminDown = true;
    private BgpNotificationException? _pendingAutomaticStop;
    private int _disposed;

    public PeerSession(PeerOptions options, LocalSpeaker local, IBgpConnector connector, TimeProvider time, ILogger logger, IRouteSink? sink = null)
        : this(options, local, connector, time, logger, sink, random: null)
    {
    }

    /// <summary>As the public constructor, with the connect-retry jitter source (values in [0, 1)) for tests.</summary>
    internal PeerSession(PeerOptions options, LocalSpeaker local, IBgpConnector connector, TimeProvider time, ILogger logger,
        IRouteSink? sink, Func<double>? random, FsmConfig? fsmConfig = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _local = local;
        _connector = connector;
        _time = time;
        _logger = logger;
        _sink = sink;
        _random = random ?? Random.Shared.NextDouble;
        _config = (fsmConfig ?? new FsmConfig()) with
        {
            ConnectRetryTime = options.ConnectRetryTime,
            HoldTime = options.HoldTime,
            PassiveTcpEstablishment = options.Mode == ConnectionMode.Passive,
            DelayOpen = options.DelayOpenTime > TimeSpan.Zero,
            DelayOpenTime = options.DelayOpenTime > TimeSpan.Zero ? options.DelayOpenTime : FsmConfig.DefaultDelayOpenTime,
        };
        _ourOpen = OpenBuilder.Build(options, local);
        _prefixLimit = options.MaxPrefixes > 0 ? new PrefixLimit(options.MaxPrefixes) : null;
        _connectRetry = new SessionTimer(time, SessionTimerKind.ConnectRetry, null, OnTimer);
        _idleHold = new SessionTimer(time, SessionTimerKind.IdleHold, null, OnTimer);
        _delays = new SessionDelays(options.Name, logger);
        _primary = NewFsm();
        _loop = Task.Run(RunLoopAsync);
    }

    public PeerOptions Options => Volatile.Read(ref _options);

    /// <summary>
    /// Takes reloaded options that differ only in what never shapes the session
    /// (<see cref="PeerOptions.EqualsExceptPolicy"/>: policy names and routing options), so status
    /// and diagnostics show the options in force; the routing engine applies them to the routes.
    /// </summary>
    /// <exception cref="ArgumentException">The options change the session itself: that needs a new session.</exception>
    public void UpdateOptions(PeerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Options.EqualsExceptPolicy(options))
        {
            throw new ArgumentException($"peer {Name}: only policy and routing options change without a new session", nameof(options));
        }

        Volatile.Write(ref _options, options);
    }

    private string Name => Options.Name;

    /// <summary>
    /// Tells the session whether the speaker is restarting, so its OPENs carry the Restart State and
    /// Forwarding State bits while that lasts (RFC 4724 §4.1); the host calls it before <see cref="Start"/>.
    /// </summary>
    public void AttachRestartState(IRestartState restart)
    {
        ArgumentNullException.ThrowIfNull(restart);
        Volatile.Write(ref _restart, restart);
    }

    /// <summary>The OPEN to send now: with the R bit only while the speaker's restart lasts (RFC 4724 §4.1).</summary>
    private OpenMessage CurrentOpen()
    {
        if (Volatile.Read(ref _restart) is not { IsRestarting: true } restart)
        {
            return _ourOpen;
        }

        return _restartOpen ??= OpenBuilder.Build(Options, _local, restarting: true, forwardingPreserved: restart.ForwardingPreserved);
    }

    /// <summary>
    /// Connects the session to the routing core (the host calls it right after creating the
    /// session, before <see cref="Start"/>); a sink given to the constructor is replaced.
    /// </summary>
    public void AttachRouteSink(IRouteSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        Volatile.Write(ref _sink, sink);
    }

    public void Start() => Post(new SessionEvent.StartRequested());

    public async ValueTask StopAsync(CeaseSubcode subcode, string? message, CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(new SessionEvent.StopRequested(subcode, message, done)))
        {
            return;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> AcceptIncomingAsync(BgpTransportConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var accepted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(new SessionEvent.IncomingOffered(connection, accepted)))
        {
            return false;
        }

        return await accepted.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CeaseSubcode.AdministrativeShutdown, null).ConfigureAwait(false);
        _events.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _connectRetry.Dispose();
        _idleHold.Dispose();
        _primary.Dispose();
        _secondary?.Dispose();
    }

    private bool Post(SessionEvent sessionEvent) => _events.Writer.TryWrite(sessionEvent);

    private void OnTimer(SessionTimer timer) => Post(new SessionEvent.TimerFired(timer));

    private ConnectionFsm NewFsm() => new(_time, OnTimer);

    private async Task RunLoopAsync()
    {
        await foreach (var sessionEvent in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Handle(sessionEvent);
            }
            catch (Exception ex)
            {
                // A bug must not kill the loop, or every later event for this peer would be lost.
                SessionLog.Failure(_logger, ex, Name, "failed to handle an event");
            }
        }

        // Offers that raced the shutdown are refused; the caller closes them.
        while (_events.Reader.TryRead(out var late))
        {
            (late as SessionEvent.IncomingOffered)?.Accepted.TrySetResult(false);
        }
    }

    private void Handle(SessionEvent sessionEvent)
    {
        switch (sessionEvent)
        {
            case SessionEvent.StartRequested:
                _adminDown = false;
                _idleHold.Stop();
                Run(_primary, Options.Mode == ConnectionMode.Passive ? FsmEvent.ManualStartWithPassiveTcpEstablishment : FsmEvent.ManualStart);
                break;

            case SessionEvent.StopRequested stop:
                OnStop(stop);
                break;

            case SessionEvent.AbortRequested abort:
                OnAbort(abort);
                break;

            case SessionEvent.IncomingOffered offer:
                offer.Accepted.TrySetResult(OnIncoming(offer.Connection));
                break;

            case SessionEvent.ConnectCompleted completed:
                OnConnectCompleted(completed);
                break;

            case SessionEvent.TimerFired fired:
                OnTimerFired(fired.Timer);
                break;

            case SessionEvent.MessageReceived received when FsmOf(received.Connection) is { } fsm:
                _delays.Record(SessionDelayKind.Receive, _time.GetElapsedTime(received.FramedAt), received.Message.Type.ToString());
                OnMessage(fsm, received.Message);
                break;

            case SessionEvent.ReceiveFailed failed when FsmOf(failed.Connection) is { } fsm:
                SessionLog.Refused(_logger, Name, "malformed message", failed.Error.Message);
                Run(fsm, new FsmInput(failed.Event) { Notification = new FsmNotification(failed.Error.Code, failed.Error.Subcode) },
                    new ActionContext { NotificationData = failed.Error.NotificationData });
                break;

            case SessionEvent.ConnectionClosed closed when FsmOf(closed.Connection) is { } fsm:
                SetLastError(closed.Error is null ? "connection closed by peer" : $"connection failed: {closed.Error.Message}");
                SessionLog.ConnectionLost(_logger, Name, "connection closed", closed.Error?.Message);
                Run(fsm, FsmEvent.TcpConnectionFails);
                break;

            // RFC 9687 §4: only if data is still waiting; a flush that completed meanwhile was progress.
            case SessionEvent.SendHoldExpired expired when FsmOf(expired.Connection) is { } fsm && expired.Connection.HasUnflushedData:
                Run(fsm, FsmEvent.SendHoldTimerExpires, new ActionContext { AbandonFlush = true });
                break;

            default:
                // An event for a connection that is already gone.
                break;
        }

        if (_pendingAutomaticStop is { } stop2)
        {
            _pendingAutomaticStop = null;
            SetLastError($"maximum of {Options.MaxPrefixes} prefixes exceeded");
            Run(_primary, new FsmInput(FsmEvent.AutomaticStop) { Notification = new FsmNotification(stop2.Code, stop2.Subcode) },
                new ActionContext { NotificationData = stop2.NotificationData });
        }

        UpdateReportedState();
    }

    private ConnectionFsm? FsmOf(PeerConnection connection) =>
        ReferenceEquals(_primary.Connection, connection) ? _primary
        : _secondary is not null && ReferenceEquals(_secondary.Connection, connection) ? _secondary
        : null;

    private void OnStop(SessionEvent.StopRequested stop)
    {
        _adminDown = true;
        _idleHold.Stop();

        // RFC 9003 §2: 6/2 and 6/4 carry the shutdown communication; other Cease subcodes carry no data.
        var data = stop.Subcode is CeaseSubcode.AdministrativeShutdown or CeaseSubcode.AdministrativeReset
            ? ShutdownCommunication.Encode(stop.Message)
            : ReadOnlyMemory<byte>.Empty;
        var input = new FsmInput(FsmEvent.ManualStop) { Notification = new FsmNotification(NotificationCode.Cease, (byte)stop.Subcode) };
        if (_secondary is { } secondary)
        {
            Run(secondary, input, new ActionContext { NotificationData = data });
        }

        Run(_primary, input, new ActionContext { NotificationData = data });
        CancelConnect();
        _connectRetry.Stop();

        var closing = _closing.ToArray();
        _ = Task.WhenAll(closing).ContinueWith(_ => stop.Done.TrySetResult(), TaskScheduler.Default);
    }

    /// <summary>
    /// Closes the connections as if the process had died: no NOTIFICATION, so a peer that negotiated
    /// graceful restart keeps our routes stale for our Restart Time (RFC 4724 §4.2). The session stays down.
    /// </summary>
    public async ValueTask AbortAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(new SessionEvent.AbortRequested(done)))
        {
            return;
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void OnAbort(SessionEvent.AbortRequested abort)
    {
        _adminDown = true;
        _idleHold.Stop();
        SetLastError("closed without notification (graceful restart)");

        // RFC 4271 §8.1.2 Event 18 (TcpConnectionFails): what the peer sees when our process dies.
        foreach (var fsm in new[] { _secondary, _primary })
        {
            if (fsm?.Connection is not null)
            {
                Run(fsm, new FsmInput(FsmEvent.TcpConnectionFails), new ActionContext { AbandonFlush = true });
            }
        }

        CancelConnect();
        _connectRetry.Stop();
        var closing = _closing.ToArray();
        _ = Task.WhenAll(closing).ContinueWith(_ => abort.Done.TrySetResult(), TaskScheduler.Default);
    }

    private bool OnIncoming(BgpTransportConnection connection)
    {
        // RFC 4724 §4.2: a peer that advertised graceful restart connects again while our session is
        // still Established: it restarted. Close the old session as a TCP failure (its routes are
        // kept stale) and take the new connection.
        if (_primary.State == SessionState.Established && _primary.Negotiated?.PeerGracefulRestart is not null &&
            Options.Mode != ConnectionMode.Active && !_adminDown && _secondary is null && !_config.CollisionDetectEstablishedState)
        {
            SetLastError("peer reconnected while established: graceful restart (RFC 4724 §4.2)");
            SessionLog.ConnectionLost(_logger, Name, "peer reconnected while established", "closing the old connection, routes kept stale");
            Run(_primary, FsmEvent.TcpConnectionFails);
            _idleHold.Stop();
            Run(_primary, Options.Mode == ConnectionMode.Passive
                ? FsmEvent.AutomaticStartWithPassiveTcpEstablishment
                : FsmEvent.AutomaticStart);
        }

        // RFC 4271 §8.2.2: Idle refuses all connections; active-only peers refuse incoming ones;
        // RFC 4271 §6.8: in Established a new connection is refused unless CollisionDetectEstablishedState.
        if (Options.Mode == ConnectionMode.Active || _adminDown || _primary.State == SessionState.Idle ||
            _secondary is not null ||
            (_primary.State == SessionState.Established && !_config.CollisionDetectEstablishedState))
        {
            SessionLog.IncomingRefused(_logger, Name, connection, _primary.State);
            return false;
        }

        var context = Run(_primary, FsmEvent.TcpConnectionValid, new ActionContext { Offered = connection });
        if (context.Accepted)
        {
            Run(_primary, FsmEvent.TcpConnectionConfirmed);
            return true;
        }

        return context.TrackSecond && TrackSecondConnection(connection, outgoing: false);
    }

    private void OnConnectCompleted(SessionEvent.ConnectCompleted completed)
    {
        if (completed.Attempt != _connectAttempt || _connectCancel is null)
        {
            DisposeUnused(completed.Connection);
            return;
        }

        _connectCancel.Dispose();
        _connectCancel = null;
        if (completed.Connection is not { } connection)
        {
            // Not TcpConnectionFails (see the class remarks): the ConnectRetryTimer starts the next attempt.
            SetLastError($"connect to {Options.Address} port {Options.Port} failed: {completed.Error?.Message}");
            SessionLog.ConnectionLost(_logger, Name, "connect failed", completed.Error?.Message);
            return;
        }

        if (_adminDown || _primary.State == SessionState.Idle || _secondary is not null ||
            (_primary.State == SessionState.Established && !_config.CollisionDetectEstablishedState))
        {
            DisposeUnused(connection);
            return;
        }

        if (_primary.Connection is null && _primary.State is SessionState.Connect or SessionState.Active)
        {
            Attach(_primary, connection, outgoing: true);
            Run(_primary, FsmEvent.TcpCrAcked);
            return;
        }

        var context = Run(_primary, FsmEvent.TcpCrAcked);
        if (!context.TrackSecond || !TrackSecondConnection(connection, outgoing: true))
        {
            DisposeUnused(connection);
        }
    }

    private void OnTimerFired(SessionTimer timer)
    {
        if (!timer.TryConsumeExpiry(out var late))
        {
            return;
        }

        _delays.Record(SessionDelayKind.Timer, late, timer.Kind.ToString());

        switch (timer.Kind)
        {
            case SessionTimerKind.ConnectRetry:
                Run(_primary, FsmEvent.ConnectRetryTimerExpires);
                break;

            // RFC 4271 §8.1.2 Event 3/5: the automatic restart after an error or an automatic stop.
            case SessionTimerKind.IdleHold when !_adminDown && _primary.State == SessionState.Idle:
                Run(_primary, Options.Mode == ConnectionMode.Passive
                    ? FsmEvent.AutomaticStartWithPassiveTcpEstablishment
                    : FsmEvent.AutomaticStart);
                break;

            case SessionTimerKind.Hold when timer.Owner is ConnectionFsm fsm && IsCurrent(fsm) && TryDeferHoldExpiry(fsm):
                break;

            case SessionTimerKind.Hold or SessionTimerKind.Keepalive or SessionTimerKind.DelayOpen
                when timer.Owner is ConnectionFsm fsm && IsCurrent(fsm):
                if (timer.Kind == SessionTimerKind.Hold)
                {
                    var framed = fsm.Connection?.LastHoldResetFramed ?? 0;
                    SessionLog.HoldExpired(_logger, Name, late.TotalMilliseconds,
                        framed == 0 ? double.NaN : _time.GetElapsedTime(framed).TotalMilliseconds,
                        ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount);
                }

                Run(fsm, timer.Kind switch
                {
                    SessionTimerKind.Hold => FsmEvent.HoldTimerExpires,
                    SessionTimerKind.Keepalive => FsmEvent.KeepaliveTimerExpires,
                    _ => FsmEvent.DelayOpenTimerExpires,
                });
                break;

            default:
                break;
        }
    }

    private bool IsCurrent(ConnectionFsm fsm) => ReferenceEquals(fsm, _primary) || ReferenceEquals(fsm, _secondary);

    /// <summary>
    /// RFC 4271 §6.5 and §8.2.2: the HoldTimer restarts when a KEEPALIVE or UPDATE is received, so
    /// what counts is when it arrived, not when the event loop got to it. In a starved process the
    /// loop can handle the timer's expiry before a KEEPALIVE the reader framed in time; then the
    /// expiry moves to a hold time after that arrival (re-armed for the remainder) and the FSM sees
    /// nothing. Only whole framed messages count (<see cref="PeerConnection.LastHoldResetFramed"/>),
    /// so a peer that sends nothing, or trickles a message it never completes, still gets 4/0 on time.
    /// The FSM stays pure: this check sits at the edge that raises Event 10.
    /// </summary>
    private bool TryDeferHoldExpiry(ConnectionFsm fsm)
    {
        if (fsm.Negotiated is not { HoldTime: var hold } || hold <= TimeSpan.Zero ||
            fsm.Connection is not { LastHoldResetFramed: var framed and not 0 })
        {
            return false;
        }

        var remaining = hold - _time.GetElapsedTime(framed);
        if (remaining <= TimeSpan.Zero)
        {
            return false;
        }

        fsm.Hold.Start(remaining);
        CountHoldExpiryDeferred();
        return true;
    }

    private void OnMessage(ConnectionFsm fsm, IBgpMessage message)
    {
        CountReceived(message.Type);
        switch (message)
        {
            case OpenMessage open:
                OnOpen(fsm, open);
                break;

            case KeepaliveMessage:
                Run(fsm, FsmEvent.KeepAliveMsg);
                break;

            // RFC 7606: session reset (and AFI/SAFI disable, which this speaker does not implement
            // and so handles as a reset) is Event 28 with the decoder's NOTIFICATION; weaker
            // outcomes were already applied to the message and it is processed as Event 27.
            case UpdateMessage update when update.Action >= Rfc7606Action.AfiSafiDisable && update.Notification is { } error:
                SessionLog.Refused(_logger, Name, "UPDATE", error.Message);
                Run(fsm, new FsmInput(FsmEvent.UpdateMsgErr) { Notification = new FsmNotification(error.Code, error.Subcode) },
                    new ActionContext { NotificationData = error.NotificationData });
                break;

            case UpdateMessage update:
                Run(fsm, FsmEvent.UpdateMsg, new ActionContext { Update = update });
                break;

            case NotificationMessage notification:
                NoteNotification(fsm, notification.Code, notification.Subcode);
                var text = NotificationText.Describe("received", notification);
                SetLastError(text);
                SessionLog.Notification(_logger, Name, text);

                // RFC 4271 §8.1.5 Event 24: a NOTIFICATION with a version error.
                Run(fsm, notification.Code == NotificationCode.OpenMessageError &&
                         notification.Subcode == (byte)OpenMessageErrorSubcode.UnsupportedVersionNumber
                    ? FsmEvent.NotifMsgVerErr
                    : FsmEvent.NotifMsg);
                break;

            // RFC 2918 §4 / RFC 7313 §4: the routing core re-sends the Adj-RIB-Out; RFC 7313 §5:
            // an unknown subtype is ignored.
            case RouteRefreshMessage refresh when fsm.State == SessionState.Established:
                if (!refresh.ShouldBeIgnored && ReferenceEquals(fsm, _primary))
                {
                    NotifySink(sink => sink.OnRouteRefresh(Name, refresh));
                }

                break;

            // Any other message outside Established is unexpected (RFC 6608): the FSM treats it as
            // it treats an UPDATE there.
            default:
                Run(fsm, FsmEvent.UpdateMsg);
                break;
        }
    }

    private void OnOpen(ConnectionFsm fsm, OpenMessage open)
    {
        if (fsm.State >= SessionState.OpenConfirm)
        {
            // A repeated OPEN: the FSM decides (collision check or FSM error) on what was negotiated.
            Run(fsm, new FsmInput(FsmEvent.BgpOpen) { NegotiatedHoldTime = fsm.Negotiated?.HoldTime ?? TimeSpan.Zero },
                new ActionContext { PeerOpen = open });
            return;
        }

        NegotiatedSession negotiated;
        try
        {
            negotiated = OpenNegotiation.Negotiate(_ourOpen, open, Options, _local);
        }
        catch (BgpNotificationException ex)
        {
            SessionLog.Refused(_logger, Name, "OPEN", ex.Message);
            Run(fsm, new FsmInput(FsmEvent.BgpOpenMsgErr) { Notification = new FsmNotification(ex.Code, ex.Subcode) },
                new ActionContext { NotificationData = ex.NotificationData });
            return;
        }

        fsm.PeerOpen = open;
        fsm.Negotiated = negotiated;
        fsm.Connection?.SetNegotiated(negotiated.ToDecodeContext());
        RecordPeerOpen(open, negotiated);
        Run(fsm, new FsmInput(fsm.DelayOpen.IsArmed ? FsmEvent.BgpOpenWithDelayOpenTimerRunning : FsmEvent.BgpOpen)
        {
            NegotiatedHoldTime = negotiated.HoldTime,
        }, new ActionContext { PeerOpen = open });
    }

    private bool TrackSecondConnection(BgpTransportConnection connection, bool outgoing)
    {
        if (_secondary is not null)
        {
            return false;
        }

        // The second connection gets an FSM of its own, from Active: it sends its OPEN and is
        // tracked until an OPEN arrives on it (RFC 4271 §6.8).
        var secondary = NewFsm();
        secondary.State = SessionState.Active;
        _secondary = secondary;
        Attach(secondary, connection, outgoing);
        SessionLog.Connection(_logger, Name, "tracking a second connection (RFC 4271 §6.8)", secondary.Connection);
        Run(secondary, outgoing ? FsmEvent.TcpCrAcked : FsmEvent.TcpConnectionConfirmed);
        return true;
    }

    private void InitiateConnect()
    {
        if (Options.Mode == ConnectionMode.Passive)
        {
            return;
        }

        CancelConnect();
        var attempt = ++_connectAttempt;
        var cancel = new CancellationTokenSource();
        _connectCancel = cancel;
        _ = Task.Run(async () =>
        {
            try
            {
                var connection = await _connector.ConnectAsync(Options, cancel.Token).ConfigureAwait(false);
                if (!Post(new SessionEvent.ConnectCompleted(attempt, connection, null)))
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                Post(new SessionEvent.ConnectCompleted(attempt, null, ex));
            }
        });
    }

    private void CancelConnect()
    {
        if (_connectCancel is { } cancel)
        {
            _connectCancel = null;
            cancel.Cancel();
        }
    }

    private void DisposeUnused(BgpTransportConnection? connection)
    {
        if (connection is not null)
        {
            _closing.Add(connection.DisposeAsync().AsTask());
        }
    }

    /// <summary>RFC 4271 §10: ConnectRetryTime scaled by a random factor in (1 - jitter, 1].</summary>
    private TimeSpan Jittered(TimeSpan time)
    {
        var jitter = Math.Clamp(Options.ConnectRetryJitter, 0, 1);
        return time * (1 - (jitter * _random()));
    }
}
