using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// A session accepted from a <c>dynamicPeers</c> range: the real session, plus what the speaker
/// needs to tell when it is over (it took a connection, and is back to waiting for one) so it can
/// be removed, as a dynamic peer exists only while it is connected.
/// </summary>
internal sealed class DynamicPeerSession(DynamicPeerRange range, IPeerSession session, DateTimeOffset created) : IPeerSession
{
    private int _connected;

    /// <summary>The range as last applied; a reload that changes only its policies replaces it (under the speaker's lock).</summary>
    public DynamicPeerRange Range { get; set; } = range;

    public IPeerSession Session { get; } = session;

    public DateTimeOffset Created { get; } = created;

    public IPAddress Address => Session.Options.Address;

    public PeerOptions Options => Session.Options;

    /// <summary>Whether the session ever took a connection.</summary>
    public bool Connected => Volatile.Read(ref _connected) != 0;

    public void Start() => Session.Start();

    public ValueTask StopAsync(CeaseSubcode subcode, string? message, CancellationToken cancellationToken = default) =>
        Session.StopAsync(subcode, message, cancellationToken);

    public async ValueTask<bool> AcceptIncomingAsync(BgpTransportConnection connection)
    {
        bool taken = await Session.AcceptIncomingAsync(connection).ConfigureAwait(false);
        if (taken)
        {
            Volatile.Write(ref _connected, 1);
        }

        return taken;
    }

    public PeerStatus GetStatus() => Session.GetStatus();

    /// <summary>
    /// Over: it took a connection and has no connection any more (Idle, or passive and waiting
    /// again in Active), or it never took the connection it was created for within <paramref name="handOverTimeout"/>.
    /// </summary>
    public bool HasEnded(DateTimeOffset now, TimeSpan handOverTimeout) =>
        Connected
            ? Session.GetStatus().State is SessionState.Idle or SessionState.Active or SessionState.Connect
            : now - Created > handOverTimeout;

    public ValueTask DisposeAsync() => Session.DisposeAsync();
}
