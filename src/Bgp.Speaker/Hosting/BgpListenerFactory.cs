using System.Net;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// Binds a listener on <paramref name="options"/>; it asks <paramref name="findPeer"/> which session
/// an incoming connection from a (normalized) address belongs to.
/// </summary>
public delegate IBgpListener BgpListenerFactory(ListenOptions options, Func<IPAddress, IPeerSession?> findPeer);
