using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// Creates the (not yet started) session of one configured peer. <paramref name="speaker"/> is the
/// configuration the peer belongs to, for the local AS and router ID.
/// </summary>
public delegate IPeerSession PeerSessionFactory(PeerOptions peer, SpeakerOptions speaker);
