using Bgp.Speaker.Sessions;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// THE one place where the daemon constructs real peer sessions (everything else sees
/// <see cref="IPeerSession"/> through a <see cref="PeerSessionFactory"/>).
/// </summary>
internal static class PeerSessionWiring
{
    // WIRING POINT: PeerSession (src/Bgp.Speaker/Sessions/) is still being written; until it exists
    // `bgpd run` refuses to start peers. Replace the body with:
    //   (peer, speaker) => new PeerSession(peer, new LocalSpeaker(speaker.LocalAs, speaker.RouterId),
    //       new SocketBgpConnector(speaker.LocalAs), time, loggers.CreateLogger($"Bgp.Speaker.Peer.{peer.Name}"));
    public static PeerSessionFactory Create(ILoggerFactory loggers, TimeProvider time) =>
        (peer, _) => throw new NotSupportedException($"peer {peer.Name}: PeerSession is not implemented yet");
}
