using Bgp.Protocol;

namespace Bgp.Speaker.Routing;

/// <summary>
/// The restarting speaker's wait before route selection (RFC 4724 §4.1), as a pure state machine:
/// events in, "still deferring" or "complete" out; no I/O, no clock (the engine owns the
/// Selection_Deferral_Timer and reports its expiry with <see cref="OnTimerExpired"/>).
/// </summary>
/// <remarks>
/// <para>RFC 4724 §4.1: the restarting speaker defers route selection until it has received
/// End-of-RIB from every peer, "excluding the ones that do not support Graceful Restart and the ones
/// with which the Graceful Restart peering was never established", or until the deferral timer
/// expires.</para>
/// <para>Which peers are awaited: every configured peer that we advertise graceful restart to is
/// awaited from the start (a peer still connecting may be the one whose routes matter); it is
/// released when its session comes up without the peer's graceful restart capability, when it has
/// sent End-of-RIB for every family negotiated on the session, or when it is removed from the
/// configuration. A session that goes down again before its End-of-RIB keeps the peer awaited;
/// the timer bounds the wait for peers that never come up. BIRD's <c>bird -R</c> waits the same way.</para>
/// </remarks>
internal sealed class RestartDeferral
{
    private readonly Dictionary<string, AddressFamilySet> _awaited = new(StringComparer.Ordinal);

    /// <summary>Starts deferring, awaiting <paramref name="peers"/>; with none it is complete at once.</summary>
    public RestartDeferral(IEnumerable<string> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        foreach (var peer in peers)
        {
            // Families unknown until the session comes up: None here means "not up yet".
            _awaited[peer] = AddressFamilySet.None;
        }

        IsDeferring = _awaited.Count > 0;
        Reason = IsDeferring ? null : DeferralEnd.NoPeers;
    }

    /// <summary>Route selection and export are deferred; our OPENs carry the Restart State bit (RFC 4724 §3).</summary>
    public bool IsDeferring { get; private set; }

    /// <summary>Why the deferral ended; null while deferring.</summary>
    public DeferralEnd? Reason { get; private set; }

    /// <summary>Peers still awaited.</summary>
    public IReadOnlyCollection<string> Awaited => _awaited.Keys;

    /// <summary>
    /// A session came up. <paramref name="peerSupportsRestart"/>: the peer advertised graceful restart;
    /// <paramref name="families"/>: the families negotiated, each of which owes an End-of-RIB.
    /// </summary>
    public bool OnPeerUp(string peer, bool peerSupportsRestart, AddressFamilySet families)
    {
        if (!IsDeferring || !_awaited.ContainsKey(peer))
        {
            return false;
        }

        if (!peerSupportsRestart || families == AddressFamilySet.None)
        {
            // RFC 4724 §4.1: peers that do not support graceful restart are not waited for.
            return Release(peer);
        }

        _awaited[peer] = families;
        return false;
    }

    /// <summary>End-of-RIB for <paramref name="family"/> arrived from <paramref name="peer"/> (RFC 4724 §2).</summary>
    public bool OnEndOfRib(string peer, AddressFamily family)
    {
        if (!IsDeferring || !_awaited.TryGetValue(peer, out var owed) || owed == AddressFamilySet.None)
        {
            return false;
        }

        owed &= ~AddressFamilySetExtensions.ToFlag(family);
        if (owed == AddressFamilySet.None)
        {
            return Release(peer);
        }

        _awaited[peer] = owed;
        return false;
    }

    /// <summary>The session went down before its End-of-RIB: the peer stays awaited, with its families owed again on the next session.</summary>
    public void OnPeerDown(string peer)
    {
        if (IsDeferring && _awaited.ContainsKey(peer))
        {
            _awaited[peer] = AddressFamilySet.None;
        }
    }

    /// <summary>The peer was removed from the configuration (or shut down): nothing more to wait for from it.</summary>
    public bool OnPeerRemoved(string peer) => IsDeferring && _awaited.ContainsKey(peer) && Release(peer);

    /// <summary>RFC 4724 §4.1: the Selection_Deferral_Timer expired; selection runs with what has arrived.</summary>
    public bool OnTimerExpired()
    {
        if (!IsDeferring)
        {
            return false;
        }

        Complete(DeferralEnd.TimerExpired);
        return true;
    }

    /// <returns>True when this release ended the deferral.</returns>
    private bool Release(string peer)
    {
        _awaited.Remove(peer);
        if (_awaited.Count > 0)
        {
            return false;
        }

        Complete(DeferralEnd.AllEndOfRib);
        return true;
    }

    private void Complete(DeferralEnd reason)
    {
        IsDeferring = false;
        Reason = reason;
        _awaited.Clear();
    }
}
