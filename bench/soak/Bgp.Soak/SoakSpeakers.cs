using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bgp.Soak;

/// <summary>Speakers wired as <c>bgpd run</c> wires them: real sessions, socket connector and listener, the system clock.</summary>
internal static class SoakSpeakers
{
    public static Speaker.Hosting.Speaker Create(SpeakerOptions options, ILoggerFactory loggers) => new(
        options,
        (peer, speaker) => new PeerSession(peer, new LocalSpeaker(speaker.LocalAs, speaker.RouterId),
            new SocketBgpConnector(speaker.LocalAs), TimeProvider.System, loggers.CreateLogger("Peer")),
        (listen, findPeer) => BgpListener.Start(listen, findPeer, loggers.CreateLogger<BgpListener>()),
        loggers.CreateLogger<Speaker.Hosting.Speaker>());

    public static ILoggerFactory Quiet => NullLoggerFactory.Instance;
}
