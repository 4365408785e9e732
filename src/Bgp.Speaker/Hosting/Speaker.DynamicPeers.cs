using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// Dynamic peers (the <c>dynamicPeers</c> listen ranges): a reflector VM accepts clients it was not
/// told about.
/// <list type="bullet">
/// <item>An incoming connection from an address no configured peer has (a configured peer always
/// wins) and inside a range gets a new passive session built from the range's template, named
/// <c>RANGE-ADDRESS</c>, unless the range already holds <c>maxPeers</c> sessions.</item>
/// <item>Anything else is refused: the listener closes it, the refusal is logged and counted
/// (<see cref="IncomingConnections"/>).</item>
/// <item>A dynamic session that goes down is removed (swept every <see cref="DynamicSweepInterval"/>,
/// or at once when its address connects again); its routes go as for any peer that goes down.</item>
/// <item>A reload that changes a range (its template, or the policies its chains name) resets its
/// sessions with Cease 6/6; one that removes a range, or configures one of its addresses as a peer,
/// stops them with 6/3 Peer De-configured (RFC 4486).</item>
/// </list>
/// </summary>
public sealed partial class Speaker
{
    /// <summary>How often ended dynamic sessions are looked for.</summary>
    internal static readonly TimeSpan DynamicSweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>A dynamic session that never took the connection it was created for is dropped after this.</summary>
    internal static readonly TimeSpan DynamicHandOverTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _dynamicLock = new();
    private readonly Dictionary<IPAddress, DynamicPeerSession> _dynamic = [];
    private readonly Dictionary<string, int> _dynamicPerRange = new(StringComparer.Ordinal);
    private readonly HashSet<Task> _retiring = [];
    private IReadOnlyList<DynamicPeerRange> _ranges = [];
    private bool _dynamicClosed;
    private ITimer? _sweep;
    private long _refusedUnknown;
    private long _refusedRangeFull;
    private long _dynamicAccepted;

    /// <summary>The clock of the dynamic-peer sweep; tests set a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Refused and dynamic incoming connections, for metrics.</summary>
    public IncomingConnectionCounters IncomingConnections
    {
        get
        {
            lock (_dynamicLock)
            {
                return new IncomingConnectionCounters
                {
                    RefusedUnknown = _refusedUnknown,
                    RefusedRangeFull = _refusedRangeFull,
                    DynamicAccepted = _dynamicAccepted,
                    DynamicPerRange = new Dictionary<string, int>(_dynamicPerRange, StringComparer.Ordinal),
                };
            }
        }
    }

    /// <summary>
    /// The session an incoming connection from <paramref name="address"/> goes to: the configured
    /// peer's, the live dynamic one's, or a new dynamic session when the address is in a range with
    /// room. Null refuses the connection.
    /// </summary>
    public IPeerSession? ResolveIncoming(IPAddress address)
    {
        address = SocketBgpConnector.Normalize(address);
        if (_peers.ByAddress.TryGetValue(address, out IPeerSession? configured))
        {
            return configured;
        }

        DynamicPeerSession? ended = null;
        DynamicPeerSession? created = null;
        lock (_dynamicLock)
        {
            if (_dynamicClosed)
            {
                return null;
            }

            // Again under the lock: a reload that configured this address has swapped _peers before it took the lock.
            if (_peers.ByAddress.TryGetValue(address, out configured))
            {
                return configured;
            }

            DateTimeOffset now = Time.GetUtcNow();
            if (_dynamic.TryGetValue(address, out DynamicPeerSession? existing))
            {
                if (!existing.HasEnded(now, DynamicHandOverTimeout))
                {
                    return existing;
                }

                // The peer is back before the sweep noticed its session end: a fresh session takes over.
                ended = existing;
                RemoveDynamic(existing);
            }

            DynamicPeerRange? range = _ranges.FirstOrDefault(candidate => candidate.Contains(address));
            if (range is null)
            {
                _refusedUnknown++;
                LogNotAPeer(_logger, address);
            }
            else if (range.Template.Shutdown)
            {
                _refusedUnknown++;
                LogRangeShutdown(_logger, address, range.Name);
            }
            else if (_dynamicPerRange.GetValueOrDefault(range.Name) >= range.MaxPeers)
            {
                _refusedRangeFull++;
                LogRangeFull(_logger, address, range.Name, range.MaxPeers);
            }
            else
            {
                PeerOptions options = range.PeerFor(address);
                _routing.AddDynamicPeer(options);
                created = new DynamicPeerSession(range, CreateSession(options, _options), now);
                _dynamic[address] = created;
                _dynamicPerRange[range.Name] = _dynamicPerRange.GetValueOrDefault(range.Name) + 1;
                _dynamicAccepted++;
                LogDynamicPeer(_logger, options.Name, address, range.Name, range.Prefix);
                created.Start();
            }
        }

        if (ended is not null)
        {
            Retire(ended, CeaseSubcode.AdministrativeReset, "dynamic peer connected again");
        }

        return created;
    }

    /// <summary>Status of the live dynamic sessions, by name.</summary>
    private List<PeerStatus> DynamicStatus()
    {
        DynamicPeerSession[] sessions;
        lock (_dynamicLock)
        {
            sessions = [.. _dynamic.Values];
        }

        return [.. sessions.Select(session => session.GetStatus()).OrderBy(status => status.Name, StringComparer.Ordinal)];
    }

    private DynamicPeerSession? FindDynamic(IPAddress address)
    {
        lock (_dynamicLock)
        {
            return _dynamic.GetValueOrDefault(address);
        }
    }

    private DynamicPeerSession? FindDynamic(string name)
    {
        lock (_dynamicLock)
        {
            return _dynamic.Values.FirstOrDefault(session => session.Options.Name == name);
        }
    }

    /// <summary>At start: the ranges in force and the sweep.</summary>
    private void StartDynamicPeers(SpeakerOptions options)
    {
        lock (_dynamicLock)
        {
            _ranges = options.DynamicPeers;
            _listener?.UpdateDynamicRanges(options.DynamicPeers);
            _sweep = Time.CreateTimer(_ => Sweep(), null, DynamicSweepInterval, DynamicSweepInterval);
        }
    }

    /// <summary>
    /// A reload: sessions of a removed range, or whose address is now a configured peer, stop with
    /// 6/3; sessions of a range whose session options changed, or all of them when the local AS or
    /// router ID changed, stop with 6/6, and their peers connect again and get the new template. A
    /// change of policies only (the template's names or routing options, or a policy's content)
    /// keeps the sessions: the routing engine re-applies it.
    /// </summary>
    private async Task ApplyDynamicPeersAsync(SpeakerOptions current, SpeakerOptions next, bool identityChanged, CancellationToken cancellationToken)
    {
        try
        {
            _listener?.UpdateDynamicRanges(next.DynamicPeers);
        }
        catch (SocketOptionException error)
        {
            LogListenerKeysFailed(_logger, error);
        }

        var stops = new List<Task>();
        lock (_dynamicLock)
        {
            _ranges = next.DynamicPeers;
            var configured = next.Peers.Select(peer => peer.Address).ToHashSet();
            foreach (DynamicPeerSession session in _dynamic.Values.ToArray())
            {
                DynamicPeerRange? range = next.DynamicPeers.FirstOrDefault(candidate => candidate.Name == session.Range.Name);
                (CeaseSubcode Subcode, string Message)? stop =
                    range is null || !range.Contains(session.Address) ? (CeaseSubcode.PeerDeconfigured, "dynamic peer range removed")
                    : configured.Contains(session.Address) ? (CeaseSubcode.PeerDeconfigured, "address now configured as a peer")
                    : identityChanged ? (CeaseSubcode.OtherConfigurationChange, "local AS or router ID changed")
                    : !range.EqualsExceptPolicy(session.Range) ? (CeaseSubcode.OtherConfigurationChange, "dynamic peer range changed")
                    : null;
                if (stop is { } why)
                {
                    RemoveDynamic(session);
                    stops.Add(RetireAsync(session, why.Subcode, why.Message, cancellationToken));
                }
                else if (range is not null && !range.Equals(session.Range))
                {
                    // Only the template's policy or routing options changed: the session stays, and
                    // the routing engine re-applies them (soft reconfiguration or route refresh, and
                    // re-export) when it applies the reload, as for a configured peer.
                    session.Range = range;
                    PeerOptions options = range.PeerFor(session.Address);
                    _routing.AddDynamicPeer(options);
                    (session.Session as IReconfigurableSession)?.UpdateOptions(options);
                }
            }
        }

        await Task.WhenAll(stops).ConfigureAwait(false);
    }

    /// <summary>At stop: no new dynamic sessions; the live ones get <paramref name="subcode"/>.</summary>
    private async Task StopDynamicPeersAsync(CeaseSubcode subcode, string message, CancellationToken cancellationToken)
    {
        var stops = new List<Task>();
        Task[] retiring;
        lock (_dynamicLock)
        {
            _dynamicClosed = true;
            _sweep?.Dispose();
            _sweep = null;
            foreach (DynamicPeerSession session in _dynamic.Values.ToArray())
            {
                RemoveDynamic(session);
                stops.Add(RetireAsync(session, subcode, message, cancellationToken));
            }

            retiring = [.. _retiring];
        }

        await Task.WhenAll(stops.Concat(retiring)).ConfigureAwait(false);
    }

    /// <summary>
    /// For a graceful restart of ours: no new dynamic sessions, and the live ones (their real
    /// sessions, so the caller can close them without a NOTIFICATION) are handed over.
    /// </summary>
    private IPeerSession[] CloseDynamicPeers()
    {
        lock (_dynamicLock)
        {
            _dynamicClosed = true;
            _sweep?.Dispose();
            _sweep = null;
            DynamicPeerSession[] sessions = [.. _dynamic.Values];
            foreach (DynamicPeerSession session in sessions)
            {
                RemoveDynamic(session);
            }

            return [.. sessions.Select(session => session.Session)];
        }
    }

    /// <summary>Removes the dynamic sessions that are over; called on the sweep timer.</summary>
    private void Sweep()
    {
        lock (_dynamicLock)
        {
            if (_dynamicClosed || _dynamic.Count == 0)
            {
                return;
            }

            DateTimeOffset now = Time.GetUtcNow();
            foreach (DynamicPeerSession session in _dynamic.Values.ToArray())
            {
                if (session.HasEnded(now, DynamicHandOverTimeout))
                {
                    RemoveDynamic(session);
                    Retire(session, CeaseSubcode.PeerDeconfigured, session.Connected ? "dynamic peer went down" : "dynamic peer never connected");
                }
            }
        }
    }

    /// <summary>Takes a session out of the table (under the lock).</summary>
    private void RemoveDynamic(DynamicPeerSession session)
    {
        if (_dynamic.TryGetValue(session.Address, out DynamicPeerSession? current) && ReferenceEquals(current, session))
        {
            _dynamic.Remove(session.Address);
            int left = _dynamicPerRange.GetValueOrDefault(session.Range.Name) - 1;
            if (left > 0)
            {
                _dynamicPerRange[session.Range.Name] = left;
            }
            else
            {
                _dynamicPerRange.Remove(session.Range.Name);
            }
        }
    }

    /// <summary>Stops and forgets a session taken out of the table, tracked so that the speaker's stop waits for it.</summary>
    private void Retire(DynamicPeerSession session, CeaseSubcode subcode, string message)
    {
        Task task = RetireAsync(session, subcode, message, CancellationToken.None);
        lock (_dynamicLock)
        {
            _retiring.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                lock (_dynamicLock)
                {
                    _retiring.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RetireAsync(DynamicPeerSession session, CeaseSubcode subcode, string message, CancellationToken cancellationToken)
    {
        try
        {
            LogDynamicPeerRemoved(_logger, session.Options.Name, message);
            await StopAndDisposeAsync(session, subcode, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogDynamicPeerStopFailed(_logger, session.Options.Name, error);
        }
        finally
        {
            await _routing.RemoveDynamicPeerAsync(session.Options).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused connection from {Address}: not a configured peer and in no dynamicPeers range")]
    private static partial void LogNotAPeer(ILogger logger, IPAddress address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused connection from {Address}: dynamic peer range {Range} is shut down by configuration")]
    private static partial void LogRangeShutdown(ILogger logger, IPAddress address, string range);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused connection from {Address}: dynamic peer range {Range} already holds its maximum of {MaxPeers} sessions")]
    private static partial void LogRangeFull(ILogger logger, IPAddress address, string range, int maxPeers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dynamic peer {Peer}: accepted {Address} from range {Range} ({Prefix})")]
    private static partial void LogDynamicPeer(ILogger logger, string peer, IPAddress address, string range, IPNetwork prefix);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dynamic peer {Peer} removed: {Reason}")]
    private static partial void LogDynamicPeerRemoved(ILogger logger, string peer, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dynamic peer {Peer} failed to stop")]
    private static partial void LogDynamicPeerStopFailed(ILogger logger, string peer, Exception error);
}
