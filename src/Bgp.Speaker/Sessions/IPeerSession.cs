using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// One configured peer's session, as the speaker host drives it: start, stop, hand over incoming
/// connections, read status. Implemented by <c>PeerSession</c>; the host never sees the FSM.
/// </summary>
public interface IPeerSession : IAsyncDisposable
{
    PeerOptions Options { get; }

    /// <summary>ManualStart (RFC 4271 §8.1.2 Event 1, or Event 4 for a passive peer).</summary>
    void Start();

    /// <summary>
    /// ManualStop: sends Cease with <paramref name="subcode"/> (6/2 Administrative Shutdown, 6/3 Peer
    /// De-configured, 6/4 Administrative Reset, 6/6 Other Configuration Change) and the RFC 9003
    /// shutdown communication <paramref name="message"/>, then closes and stays Idle.
    /// </summary>
    ValueTask StopAsync(CeaseSubcode subcode, string? message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Offers an incoming connection from this peer's address. Returns false when the session
    /// refuses it (a passive-only or active-only rule, admin down, or a collision already resolved);
    /// the caller then closes it.
    /// </summary>
    ValueTask<bool> AcceptIncomingAsync(BgpTransportConnection connection);

    PeerStatus GetStatus();
}
