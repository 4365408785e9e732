using System.Net;
using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Transport;

/// <summary>The speaker's listening socket as the host drives it: bound at creation, closed on disposal.</summary>
public interface IBgpListener : IAsyncDisposable
{
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Tells the listener the configured peers: it installs their MD5 keys on the listening socket
    /// and applies their TTL rules to the connections it accepts from them.
    /// </summary>
    void UpdatePeers(IReadOnlyList<PeerOptions> peers, uint localAs);

    /// <summary>Tells the listener the <c>dynamicPeers</c> ranges: it installs their MD5 keys for the whole prefix.</summary>
    void UpdateDynamicRanges(IReadOnlyList<DynamicPeerRange> ranges)
    {
    }
}
