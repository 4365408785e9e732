using Bgp.Protocol;
using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Routing;

/// <summary>
/// Peers that are not in the configuration: the sessions the speaker accepts from a
/// <c>dynamicPeers</c> range. They are registered before their session starts (so the session's
/// Established finds their options) and forgotten after it ended; their routes come and go
/// through <see cref="OnEstablished(string, Sessions.NegotiatedSession, Sessions.IUpdateOutlet)"/>
/// and <see cref="OnDown(string, Sessions.SessionDown)"/> as any peer's.
/// </summary>
public sealed partial class RoutingEngine
{
    /// <summary>Live dynamic peers by name; also the lock that orders registering against forgetting.</summary>
    private readonly Dictionary<string, PeerOptions> _dynamicPeers = new(StringComparer.Ordinal);

    /// <summary>Registers a dynamic peer's options; call before its session starts.</summary>
    public void AddDynamicPeer(PeerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_dynamicPeers)
        {
            _dynamicPeers[options.Name] = options;
            _peerOptions[options.Name] = options;
        }
    }

    /// <summary>
    /// Forgets a dynamic peer whose session was stopped (its OnDown came first, so its routes are
    /// already withdrawn). The routing state is dropped unless it holds stale routes of a graceful
    /// restart (RFC 4724 §4.2), which a session from the same address (so the same name) resumes.
    /// A later registration of the same name is left alone.
    /// </summary>
    public Task RemoveDynamicPeerAsync(PeerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_dynamicPeers)
        {
            if (!_dynamicPeers.TryGetValue(options.Name, out PeerOptions? current) || !ReferenceEquals(current, options))
            {
                return Task.CompletedTask;
            }

            _dynamicPeers.Remove(options.Name);
        }

        return QueryAsync(() => Forget(options.Name), CancellationToken.None).ContinueWith(
            _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The dynamic peers' options, for per-peer counts.</summary>
    private PeerOptions[] DynamicPeerOptions()
    {
        lock (_dynamicPeers)
        {
            return [.. _dynamicPeers.Values];
        }
    }

    /// <summary>On the routing task: drops a forgotten dynamic peer's state.</summary>
    private bool Forget(string name)
    {
        lock (_dynamicPeers)
        {
            if (_dynamicPeers.ContainsKey(name))
            {
                return false;
            }

            if (_peers.TryGetValue(name, out PeerRouting? peer))
            {
                if (peer.IsEstablished || peer.Group is not null || (peer.StaleFamilies | peer.LlgrFamilies) != AddressFamilySet.None)
                {
                    return false;
                }

                peer.StopTimer();
                peer.AdjRibIn?.ClearPrePolicy();
                _peers.Remove(name);
            }

            _peerOptions.TryRemove(name, out _);
            _imports.TryRemove(name, out _);
            return true;
        }
    }
}
