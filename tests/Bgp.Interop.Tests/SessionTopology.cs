using System.Net;
using Bgp.Speaker.Configuration;
using Bgp.Testing;

namespace Bgp.Interop.Tests;

/// <summary>
/// Our speaker and one reference daemon on two fresh loopback addresses, each with its own port,
/// and the two matching configurations: <see cref="Peer"/> for our side, <see cref="Daemon"/> for theirs.
/// </summary>
internal sealed class SessionTopology
{
    public const string PeerName = "refpeer";
    public const uint FourOctetAs = 4200000001;
    public const uint TwoOctetAs = 65002;
    public static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(9);
    public static readonly TimeSpan ConnectRetry = TimeSpan.FromSeconds(1);

    public SessionTopology()
    {
        var addresses = new LoopbackAddresses();
        SpeakerAddress = addresses.Next();
        DaemonAddress = addresses.Next();
        SpeakerPort = LoopbackAddresses.FreePort(SpeakerAddress);
        DaemonPort = LoopbackAddresses.FreePort(DaemonAddress);
    }

    public IPAddress SpeakerAddress { get; }

    public IPAddress DaemonAddress { get; }

    public int SpeakerPort { get; }

    public int DaemonPort { get; }

    /// <summary>Our side of the session: the daemon as a peer.</summary>
    public PeerOptions Peer(uint daemonAs, ConnectionMode mode) => new()
    {
        Name = PeerName,
        Address = DaemonAddress,
        Port = DaemonPort,
        RemoteAs = daemonAs,
        Mode = mode,
        SourceAddress = SpeakerAddress,
        HoldTime = HoldTime,
        ConnectRetryTime = ConnectRetry,
        ConnectRetryJitter = 0,
    };

    /// <summary>The speaker listening on its address and port with <paramref name="peers"/>.</summary>
    public SpeakerOptions Speaker(uint localAs, params PeerOptions[] peers) => new()
    {
        LocalAs = localAs,
        RouterId = SpeakerAddress,
        Listen = new ListenOptions { Address = SpeakerAddress, Port = SpeakerPort },
        Peers = peers,
    };

    /// <summary>The daemon's side of the session: our speaker as its neighbor.</summary>
    public DaemonPeering Daemon(uint daemonAs, uint speakerAs) => new()
    {
        Name = "speaker",
        LocalAddress = DaemonAddress,
        LocalPort = DaemonPort,
        LocalAs = daemonAs,
        PeerAddress = SpeakerAddress,
        PeerPort = SpeakerPort,
        PeerAs = speakerAs,
        HoldTimeSeconds = (int)HoldTime.TotalSeconds,
    };
}
