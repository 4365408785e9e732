using System.Net;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Demo;

/// <summary>One speaker of the lab at one moment: its sessions and its Loc-RIB (both families).</summary>
internal sealed record DemoSpeakerView(string Name, IPAddress RouterId, IReadOnlyList<PeerStatus> Peers, IReadOnlyList<RouteSnapshot> Routes);
