using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// The one place where the daemon constructs real peer sessions; everything else sees
/// <see cref="IPeerSession"/> through a <see cref="PeerSessionFactory"/>.
/// </summary>
internal static class PeerSessionWiring
{
    /// <summary>Logger category prefix; a peer's logs are under "Bgp.Speaker.Peer.NAME".</summary>
    private const string PeerCategory = "Bgp.Speaker.Peer";

    public static PeerSessionFactory Create(ILoggerFactory loggers, TimeProvider time) =>
        (peer, speaker) => new PeerSession(
            peer,
            new LocalSpeaker(speaker.LocalAs, speaker.RouterId),
            new SocketBgpConnector(speaker.LocalAs),
            time,
            loggers.CreateLogger($"{PeerCategory}.{peer.Name}"));
}
