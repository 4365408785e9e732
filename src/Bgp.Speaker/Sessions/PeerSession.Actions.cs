using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Sessions;

/// <summary>Executing the FSM's actions: timers, connections, messages, collision detection.</summary>
public sealed partial class PeerSession
{
    private (Protocol.Iana.NotificationCode Code, byte Subcode)? _downNotification;

    private ActionContext Run(ConnectionFsm fsm, FsmEvent fsmEvent, ActionContext? context = null) =>
        Run(fsm, new FsmInput(fsmEvent), context);

    /// <summary>One FSM step: handle the event, execute the actions in order, enter the next state.</summary>
    private ActionContext Run(ConnectionFsm fsm, FsmInput input, ActionContext? context = null)
    {
        context ??= new ActionContext();
        var from = fsm.State;
        input = input with { DelayOpenTimerRunning = fsm.DelayOpen.IsArmed };
        var transition = BgpFsm.Handle(from, input, _config);
        foreach (var action in transition.Actions)
        {
            if (!Execute(fsm, action, input, context))
            {
                // Collision detection closed this connection; that step already moved the FSM.
                return context;
            }
        }

        Enter(fsm, from, transition.NextState, input.Event);
        return context;
    }

    /// <summary>Executes one action; false when collision detection dumped <paramref name="fsm"/> (stop executing).</summary>
    private bool Execute(ConnectionFsm fsm, in FsmAction action, in FsmInput input, ActionContext context)
    {
        var isPrimary = ReferenceEquals(fsm, _primary);
        switch (action.Kind)
        {
            case FsmActionKind.InitializeResources:
            case FsmActionKind.CompleteInitialization:
            case FsmActionKind.ListenForTcpConnection:
            case FsmActionKind.PerformPeerOscillationDamping:
                // Listening is the host's; resources are created per connection; damping is not configured.
                break;

            case FsmActionKind.ReleaseResources:
                fsm.ReleaseResources();
                break;

            case FsmActionKind.DeleteAllRoutes:
                _prefixLimit?.Clear();
                var down = new SessionDown(LastErrorOr("session closed"), _downNotification?.Code, _downNotification?.Subcode ?? 0, _adminDown);
                NotifySink(sink => sink.OnDown(Name, down));
                break;

            case FsmActionKind.StartConnectRetryTimer or FsmActionKind.RestartConnectRetryTimer:
                // Passive peers never connect, so they need no ConnectRetryTimer (see the class remarks).
                if (isPrimary && Options.Mode != ConnectionMode.Passive)
                {
                    _connectRetry.Start(Jittered(action.Duration));
                }

                break;

            case FsmActionKind.StopConnectRetryTimer:
                if (isPrimary)
                {
                    _connectRetry.Stop();
                }

                break;

            case FsmActionKind.ZeroConnectRetryCounter:
                fsm.ConnectRetryCounter = 0;
                break;

            case FsmActionKind.IncrementConnectRetryCounter:
                fsm.ConnectRetryCounter++;
                break;

            case FsmActionKind.InitiateTcpConnection:
                if (isPrimary)
                {
                    InitiateConnect();
                }

                break;

            case FsmActionKind.AcceptTcpConnection:
                if (context.Offered is { } offered && fsm.Connection is null)
                {
                    Attach(fsm, offered, outgoing: false);
                    context.Accepted = true;
                }

                break;

            case FsmActionKind.RejectTcpConnection:
                context.Accepted = false;
                break;

            case FsmActionKind.TrackSecondConnection:
                context.TrackSecond = true;
                break;

            case FsmActionKind.DropTcpConnection:
                Drop(fsm, context.AbandonFlush);
                break;

            case FsmActionKind.SendOpen:
                Send(fsm, CurrentOpen());
                break;

            case FsmActionKind.SendKeepalive:
                Send(fsm, KeepaliveMessage.Instance);
                break;

            case FsmActionKind.SendNotification:
                SendNotification(fsm, action.Notification, input.Notification == action.Notification ? context.NotificationData : default);
                break;

            case FsmActionKind.ProcessUpdate:
                if (context.Update is { } update)
                {
                    ProcessUpdate(update);
                }

                break;

            case FsmActionKind.DetectCollision:
                return context.PeerOpen is not { } open || !DetectCollision(fsm, open);

            case FsmActionKind.StartHoldTimer:
                StartOrStop(fsm.Hold, action.Duration);
                break;

            case FsmActionKind.RestartHoldTimer:
                StartOrStop(fsm.Hold, fsm.Negotiated?.HoldTime ?? TimeSpan.Zero);
                break;

            case FsmActionKind.StopHoldTimer:
                fsm.Hold.Stop();
                break;

            // The FSM proposes a third of the hold time; a smaller configured keepalive was negotiated.
            case FsmActionKind.StartKeepaliveTimer:
                StartOrStop(fsm.Keepalive, fsm.Negotiated?.KeepaliveTime ?? action.Duration);
                break;

            case FsmActionKind.RestartKeepaliveTimer:
                StartOrStop(fsm.Keepalive, fsm.Negotiated?.KeepaliveTime ?? TimeSpan.Zero);
                break;

            case FsmActionKind.StopKeepaliveTimer:
                fsm.Keepalive.Stop();
                break;

            case FsmActionKind.StartDelayOpenTimer:
                StartOrStop(fsm.DelayOpen, action.Duration);
                break;

            case FsmActionKind.StopDelayOpenTimer:
                fsm.DelayOpen.Stop();
                break;

            case FsmActionKind.StartSendHoldTimer:
                fsm.Connection?.EnableSendHold(action.Duration);
                break;

            case FsmActionKind.StopSendHoldTimer:
                fsm.Connection?.DisableSendHold();
                break;

            default:
                throw new InvalidOperationException($"FSM action {action.Kind} has no implementation");
        }

        return true;
    }

    /// <summary>Stores the next state and does what entering it means for the whole session.</summary>
    private void Enter(ConnectionFsm fsm, SessionState from, SessionState to, FsmEvent cause)
    {
        fsm.State = to;
        if (from != to)
        {
            SessionLog.StateChanged(_logger, Name, from, to, cause, fsm.Connection);
        }

        if (to == SessionState.Established && from != SessionState.Established && fsm.Negotiated is { } negotiated)
        {
            RecordEstablished(negotiated);
            _prefixLimit?.Clear();
            _downNotification = null;
            if (fsm.Connection is { } established)
            {
                var outlet = established.GetOutlet(CountSent);
                NotifySink(sink => sink.OnEstablished(Name, negotiated, outlet));
            }
            else
            {
                NotifySink(sink => sink.OnEstablished(Name, negotiated));
            }
        }
        else if (from == SessionState.Established && to != SessionState.Established)
        {
            RecordDown();
        }

        if (to is SessionState.Idle or SessionState.Connect or SessionState.Active)
        {
            AfterConnectionLost(fsm, to);
        }
    }

    /// <summary>
    /// An FSM lost its connection. A secondary is discarded; a primary is replaced by the
    /// secondary if there is one; otherwise a primary in Idle schedules the automatic restart.
    /// </summary>
    private void AfterConnectionLost(ConnectionFsm fsm, SessionState to)
    {
        if (ReferenceEquals(fsm, _secondary))
        {
            _secondary = null;
            fsm.ReleaseResources();
            fsm.Dispose();
            return;
        }

        if (!ReferenceEquals(fsm, _primary) || fsm.Connection is not null)
        {
            return;
        }

        if (_secondary is { } secondary)
        {
            SessionLog.Connection(_logger, Name, "continuing on the second connection", secondary.Connection);
            _primary = secondary;
            _secondary = null;
            CancelConnect();
            _connectRetry.Stop();
            fsm.ReleaseResources();
            fsm.Dispose();
            return;
        }

        if (to == SessionState.Idle)
        {
            CancelConnect();
            _connectRetry.Stop();
            if (!_adminDown)
            {
                _idleHold.Start(Jittered(Options.ConnectRetryTime));
            }
        }
    }

    /// <summary>
    /// RFC 4271 §6.8: on an OPEN, compare BGP Identifiers as unsigned 32-bit integers; the
    /// connection initiated by the speaker with the higher one survives (RFC 6286 §2.3: on equal
    /// identifiers, the higher AS). The loser gets OpenCollisionDump (Event 23), which sends Cease
    /// 6/7. Returns true when <paramref name="fsm"/> itself lost.
    /// </summary>
    private bool DetectCollision(ConnectionFsm fsm, OpenMessage open)
    {
        var other = ReferenceEquals(fsm, _primary) ? _secondary : _primary;
        if (other?.Connection is not { } otherConnection || fsm.Connection is not { } connection || other.State < SessionState.OpenSent)
        {
            return false;
        }

        bool dumpThis;
        if (other.State == SessionState.Established && !_config.CollisionDetectEstablishedState)
        {
            // "Unless allowed via configuration, a connection collision with an existing BGP
            // connection that is in the Established state causes closing of the newly created connection."
            dumpThis = true;
        }
        else if (connection.Outgoing == otherConnection.Outgoing)
        {
            dumpThis = true;
        }
        else
        {
            var localAs = Options.LocalAs ?? _local.LocalAs;
            var localWins = _local.BgpIdentifier != open.BgpIdentifier
                ? _local.BgpIdentifier > open.BgpIdentifier
                : localAs > open.EffectiveAs;
            dumpThis = connection.Outgoing != localWins;
        }

        var loser = dumpThis ? fsm : other;
        SessionLog.Connection(_logger, Name, "connection collision (RFC 4271 §6.8), closing", loser.Connection);
        Run(loser, FsmEvent.OpenCollisionDump);
        return dumpThis;
    }

    private void Attach(ConnectionFsm fsm, BgpTransportConnection transport, bool outgoing)
    {
        var connection = new PeerConnection(transport, outgoing, _time, sessionEvent => Post(sessionEvent), _delays);
        fsm.Connection = connection;
        fsm.PeerOpen = null;
        fsm.Negotiated = null;
        connection.Start();
        SessionLog.Connection(_logger, Name, "attached connection", connection);
    }

    /// <summary>"Drops the TCP connection": flush what is queued (the NOTIFICATION), then close; off the loop.</summary>
    private void Drop(ConnectionFsm fsm, bool abandonFlush)
    {
        if (fsm.Connection is not { } connection)
        {
            if (ReferenceEquals(fsm, _primary) && fsm.State == SessionState.Connect)
            {
                CancelConnect();
            }

            return;
        }

        fsm.Connection = null;
        fsm.ReleaseResources();
        _closing.RemoveAll(task => task.IsCompleted);
        _closing.Add(connection.CloseAsync(flush: !abandonFlush, CloseFlushTimeout));
    }

    private void Send(ConnectionFsm fsm, IBgpMessage message)
    {
        if (fsm.Connection is not { } connection)
        {
            return;
        }

        connection.Send(message, fsm.Negotiated?.ToEncodeContext() ?? default);
        CountSent(message.Type);

        // RFC 4271 §10: the KeepaliveTimer restarts whenever a message is sent, so KEEPALIVEs fill only silence.
        if (fsm.Keepalive.IsArmed && fsm.Negotiated is { KeepaliveTime: var keepalive } && keepalive > TimeSpan.Zero)
        {
            fsm.Keepalive.Start(keepalive);
        }
    }

    private void SendNotification(ConnectionFsm fsm, FsmNotification notification, ReadOnlyMemory<byte> data)
    {
        NoteNotification(fsm, notification.Code, notification.Subcode);
        var message = new NotificationMessage(notification.Code, notification.Subcode, data);
        var text = NotificationText.Describe("sent", message);
        SetLastError(text);
        SessionLog.Notification(_logger, Name, text);
        Send(fsm, message);
    }

    private void ProcessUpdate(UpdateMessage update)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            SessionLog.Update(_logger, Name, update.Nlri.Count + (update.Attributes.MpReach?.Nlri.Count ?? 0),
                update.Withdrawn.Count + (update.Attributes.MpUnreach?.Withdrawn.Count ?? 0), update.Action);
        }

        NotifySink(sink => sink.OnUpdate(Name, update));

        // RFC 4486 §4: beyond the configured maximum, Cease 6/1 with AFI, SAFI and the bound.
        if (_prefixLimit is { } limit && _pendingAutomaticStop is null && limit.Apply(update, out var family))
        {
            _pendingAutomaticStop = Protocol.Errors.BgpErrors.MaximumPrefixesReached(
                (ushort)family.Afi, (byte)family.Safi, (uint)limit.Maximum);
        }
    }

    /// <summary>Remembers a NOTIFICATION sent or received on the established connection, for graceful restart (RFC 4724 §4.2).</summary>
    private void NoteNotification(ConnectionFsm fsm, Protocol.Iana.NotificationCode code, byte subcode)
    {
        if (fsm.State == SessionState.Established && ReferenceEquals(fsm, _primary))
        {
            _downNotification = (code, subcode);
        }
    }

    private void NotifySink(Action<IRouteSink> call)
    {
        var sink = Volatile.Read(ref _sink);
        if (sink is null)
        {
            return;
        }

        try
        {
            call(sink);
        }
        catch (Exception ex)
        {
            SessionLog.Failure(_logger, ex, Name, "route sink failed");
        }
    }

    private static void StartOrStop(SessionTimer timer, TimeSpan duration)
    {
        if (duration > TimeSpan.Zero)
        {
            timer.Start(duration);
        }
        else
        {
            timer.Stop();
        }
    }
}
