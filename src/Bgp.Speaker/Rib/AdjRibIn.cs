using Bgp.Protocol;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Rib;

/// <summary>
/// One peer's Adj-RIB-In (RFC 4271 §3.2). Post-policy it is a view: the peer's paths live in the
/// <see cref="LocRib"/> destinations, tagged with their <see cref="RouteSource"/>, and are listed by
/// scanning. Pre-policy, for soft reconfiguration inbound (off by default: RFC 7313 route refresh
/// makes it unnecessary with any modern peer), it keeps what the peer sent before import policy,
/// so a policy change can be re-applied without asking the peer.
/// </summary>
/// <remarks>
/// Same threading model as <see cref="LocRib"/>: one writer task. The pre-policy store owns one
/// reference per stored set. Memory when on: about 50 bytes per route plus the (interned) sets.
/// </remarks>
public sealed class AdjRibIn
{
    private readonly LocRib _locRib;
    private readonly Dictionary<NlriEntry, RouteAttributes>? _prePolicy;

    public AdjRibIn(LocRib locRib, RouteSource source, bool keepPrePolicy = false)
    {
        _locRib = locRib;
        Source = source;
        _prePolicy = keepPrePolicy ? [] : null;
    }

    /// <summary>The peer's current source (replaced when a new session comes up).</summary>
    public RouteSource Source { get; set; }

    public bool KeepsPrePolicy => _prePolicy is not null;

    /// <summary>Routes in the pre-policy store.</summary>
    public int PrePolicyCount => _prePolicy?.Count ?? 0;

    /// <summary>The peer's accepted (post-policy) paths in <paramref name="family"/>, by scanning the Loc-RIB.</summary>
    public IEnumerable<(IpPrefix Prefix, RibPath Path)> GetPaths(AddressFamily family)
    {
        foreach (var destination in _locRib.GetDestinations(family))
        {
            foreach (var path in destination.Paths)
            {
                if (path.Source.SamePeer(Source))
                {
                    yield return (destination.Prefix, path);
                }
            }
        }
    }

    /// <summary>The number of the peer's accepted paths in <paramref name="family"/> (a scan).</summary>
    public int CountPaths(AddressFamily family)
    {
        var count = 0;
        foreach (var destination in _locRib.GetDestinations(family))
        {
            foreach (var path in destination.Paths)
            {
                if (path.Source.SamePeer(Source))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Records what the peer sent for <paramref name="route"/> before policy (no-op when the store is off).</summary>
    public void SetPrePolicy(NlriEntry route, RouteAttributes attributes)
    {
        if (_prePolicy is null)
        {
            return;
        }

        attributes.AddRef();
        if (_prePolicy.Remove(route, out var previous))
        {
            previous.Release();
        }

        _prePolicy[route] = attributes;
    }

    /// <summary>Forgets a withdrawn route; false when it was not stored.</summary>
    public bool RemovePrePolicy(NlriEntry route)
    {
        if (_prePolicy is null || !_prePolicy.Remove(route, out var previous))
        {
            return false;
        }

        previous.Release();
        return true;
    }

    /// <summary>The pre-policy routes, to run import policy again after a policy change.</summary>
    public IEnumerable<KeyValuePair<NlriEntry, RouteAttributes>> GetPrePolicyRoutes() =>
        _prePolicy ?? Enumerable.Empty<KeyValuePair<NlriEntry, RouteAttributes>>();

    /// <summary>Empties the pre-policy store (the session went down without graceful restart).</summary>
    public void ClearPrePolicy()
    {
        if (_prePolicy is null)
        {
            return;
        }

        foreach (var attributes in _prePolicy.Values)
        {
            attributes.Release();
        }

        _prePolicy.Clear();
    }
}
