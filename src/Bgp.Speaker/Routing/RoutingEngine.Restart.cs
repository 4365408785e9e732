using Bgp.Protocol;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Routing;

/// <summary>
/// The restarting speaker (RFC 4724 §4.1), when <see cref="RoutingEngineOptions.Restarting"/> is set:
/// <list type="number">
/// <item>Our OPENs carry the Restart State bit and, per family, the Forwarding State bit
/// (<see cref="SpeakerRestartOptions.ForwardingState"/>) while the restart lasts
/// (<see cref="IRestartState"/>, read by each session when it sends an OPEN).</item>
/// <item>Sessions come up and their routes are imported, but no peer joins an update group: nothing
/// is exported, not even End-of-RIB, while <see cref="RestartDeferral"/> waits for End-of-RIB from
/// the peers that support graceful restart, or for the selection deferral time.</item>
/// <item>Then route selection runs over everything received, every established peer is sent its
/// full table followed by End-of-RIB, and later OPENs carry neither bit.</item>
/// </list>
/// Importing into the Loc-RIB while deferring computes best paths early, but nothing outside sees
/// them before the deferral ends, which is what §4.1 protects: peers and forwarding never see a
/// partial table.
/// </summary>
public sealed partial class RoutingEngine : IRestartState
{
    private RestartDeferral? _deferral;
    private ITimer? _deferralTimer;

    /// <inheritdoc/>
    public bool IsRestarting => Volatile.Read(ref _deferral) is { IsDeferring: true };

    /// <inheritdoc/>
    public bool ForwardingPreserved => _options.GracefulRestart.ForwardingState;

    /// <summary>Peers whose End-of-RIB our restart still waits for (empty once selection has run).</summary>
    public Task<IReadOnlyList<string>> GetDeferredPeersAsync(CancellationToken cancellationToken = default) =>
        QueryAsync<IReadOnlyList<string>>(() => _deferral is { IsDeferring: true } deferral ? [.. deferral.Awaited.Order(StringComparer.Ordinal)] : [],
            cancellationToken);

    /// <summary>Every configured peer we advertise graceful restart to is awaited (see <see cref="RestartDeferral"/>).</summary>
    private static RestartDeferral NewDeferral(SpeakerOptions options) =>
        new(options.Peers.Where(peer => peer.GracefulRestart is not null && !peer.Shutdown).Select(peer => peer.Name));

    private void StartDeferralTimer()
    {
        if (_deferral is not { } deferral)
        {
            return;
        }

        var deferralTime = _options.GracefulRestart.SelectionDeferralTime;
        LogDeferring(_logger, deferral.Awaited.Count, deferralTime.TotalSeconds);
        if (!deferral.IsDeferring)
        {
            // Nothing to wait for: selection runs as soon as the routing task does.
            Post(new RoutingWork.DeferralExpired());
            return;
        }

        _deferralTimer = _time.CreateTimer(_ => Post(new RoutingWork.DeferralExpired()), null, deferralTime, Timeout.InfiniteTimeSpan);
    }

    /// <summary>True when the peer's export waits for the end of our restart's deferral.</summary>
    private bool DeferExport(PeerRouting peer, NegotiatedSession negotiated)
    {
        if (_deferral is not { IsDeferring: true } deferral)
        {
            return false;
        }

        if (deferral.OnPeerUp(peer.Name, negotiated.PeerGracefulRestart is not null, negotiated.Families))
        {
            EndDeferral(deferral);
            return true;
        }

        LogPeerAwaited(_logger, peer.Name, negotiated.PeerGracefulRestart is not null, deferral.Awaited.Count);
        return true;
    }

    private void OnDeferredEndOfRib(PeerRouting peer, AddressFamily family)
    {
        if (_deferral is { IsDeferring: true } deferral && deferral.OnEndOfRib(peer.Name, family))
        {
            EndDeferral(deferral);
        }
    }

    private void OnDeferredPeerDown(string name, SessionDown down)
    {
        if (_deferral is not { IsDeferring: true } deferral)
        {
            return;
        }

        if (!down.Deconfigured)
        {
            deferral.OnPeerDown(name);
        }
        else if (deferral.OnPeerRemoved(name))
        {
            EndDeferral(deferral);
        }
    }

    /// <summary>A reload removed peers, shut them down or stopped advertising graceful restart to them: no longer awaited.</summary>
    private void ReleaseDeferredPeers(SpeakerOptions next)
    {
        if (_deferral is not { IsDeferring: true } deferral)
        {
            return;
        }

        var awaited = next.Peers.Where(peer => peer.GracefulRestart is not null && !peer.Shutdown).Select(peer => peer.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in deferral.Awaited.ToArray())
        {
            if (!awaited.Contains(name) && deferral.OnPeerRemoved(name))
            {
                EndDeferral(deferral);
                return;
            }
        }
    }

    private void OnDeferralExpired()
    {
        if (_deferral is not { } deferral)
        {
            return;
        }

        var waitingFor = string.Join(", ", deferral.Awaited.Order(StringComparer.Ordinal));
        if (deferral.OnTimerExpired())
        {
            LogDeferralExpired(_logger, waitingFor);
            EndDeferral(deferral);
        }
        else if (deferral.Reason == DeferralEnd.NoPeers && _deferralTimer is null)
        {
            EndDeferral(deferral);
        }
    }

    /// <summary>RFC 4724 §4.1: selection has run; every established peer gets its full table, then End-of-RIB.</summary>
    private void EndDeferral(RestartDeferral deferral)
    {
        _deferralTimer?.Dispose();
        _deferralTimer = null;
        var released = 0;
        foreach (var peer in _peers.Values)
        {
            if (peer.IsEstablished && peer.Group is null)
            {
                JoinGroup(peer);
                released++;
            }
        }

        LogDeferralEnded(_logger, deferral.Reason, released);

        // Later OPENs carry neither the R nor the F bit.
        Volatile.Write(ref _deferral, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Graceful restart: deferring route selection and export until {Count} peers send End-of-RIB, at most {DeferralTime} s (RFC 4724 §4.1)")]
    private static partial void LogDeferring(ILogger logger, int count, double deferralTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graceful restart: peer {Peer} up (graceful restart: {SupportsRestart}); still awaiting {Count} peers")]
    private static partial void LogPeerAwaited(ILogger logger, string peer, bool supportsRestart, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graceful restart: selection deferral time expired still waiting for {Peers}")]
    private static partial void LogDeferralExpired(ILogger logger, string peers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Graceful restart: route selection runs ({Reason}); sending the table and End-of-RIB to {Count} established peers")]
    private static partial void LogDeferralEnded(ILogger logger, DeferralEnd? reason, int count);
}
