using System.Net;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Tests.Hosting;

/// <summary>A listener that binds nothing and records what the speaker told it.</summary>
internal sealed class FakeListener(ListenOptions options, Func<IPAddress, IPeerSession?> findPeer) : IBgpListener
{
    public ListenOptions Options { get; } = options;

    public Func<IPAddress, IPeerSession?> FindPeer { get; } = findPeer;

    public IReadOnlyList<PeerOptions> Peers { get; private set; } = [];

    public bool Disposed { get; private set; }

    public IPEndPoint LocalEndPoint => new(Options.Address, Options.Port);

    public void UpdatePeers(IReadOnlyList<PeerOptions> peers, uint localAs) => Peers = peers;

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates fake listeners and keeps them in order.</summary>
    public sealed class Factory
    {
        public List<FakeListener> Bound { get; } = [];

        /// <summary>Ports that fail to bind, as if in use.</summary>
        public HashSet<int> PortsInUse { get; } = [];

        public BgpListenerFactory Create => (options, findPeer) =>
        {
            if (PortsInUse.Contains(options.Port))
            {
                throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.AddressAlreadyInUse);
            }

            var listener = new FakeListener(options, findPeer);
            Bound.Add(listener);
            return listener;
        };
    }
}
