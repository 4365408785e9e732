using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging;
using ProtocolFamily = Bgp.Protocol.AddressFamily;

namespace Bgp.Speaker.Demo;

/// <summary>
/// The running demo lab: one real <see cref="Hosting.Speaker"/> per configuration file of
/// <see cref="DemoConfigFiles"/>, wired exactly as <c>bgpd run</c> wires one (real sessions, the
/// socket connector and listener, the routing engine, the system clock), all in this process.
/// </summary>
internal sealed class DemoLab : IAsyncDisposable
{
    private readonly List<(string Name, Hosting.Speaker Speaker)> _speakers;

    private DemoLab(DemoTopology topology, List<(string Name, Hosting.Speaker Speaker)> speakers)
    {
        Topology = topology;
        _speakers = speakers;
    }

    public DemoTopology Topology { get; }

    /// <summary>
    /// Starts the reflector (its listener is bound before this returns, so a busy port throws
    /// <see cref="System.Net.Sockets.SocketException"/> here), then every node, which connects at once.
    /// </summary>
    public static async Task<DemoLab> StartAsync(DemoTopology topology, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var lab = new DemoLab(topology, []);
        try
        {
            foreach ((string fileName, string json) in DemoConfigFiles.All(topology))
            {
                SpeakerOptions options = DemoConfigFiles.Load(fileName, json);
                string name = Path.GetFileNameWithoutExtension(fileName);
                Hosting.Speaker speaker = Create(options, new PrefixedLoggerFactory(loggers, name));
                lab._speakers.Add((name, speaker));
                await speaker.StartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return lab;
    }

    /// <summary>Every speaker's sessions and Loc-RIB, the reflector first.</summary>
    public async Task<DemoSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var views = new List<DemoSpeakerView>(_speakers.Count);
        foreach ((string name, Hosting.Speaker speaker) in _speakers)
        {
            IReadOnlyList<RouteSnapshot> ipv4 = await speaker.GetRoutesAsync(ProtocolFamily.Ipv4Unicast, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<RouteSnapshot> ipv6 = await speaker.GetRoutesAsync(ProtocolFamily.Ipv6Unicast, cancellationToken).ConfigureAwait(false);
            views.Add(new DemoSpeakerView(name, speaker.Options.RouterId, speaker.GetStatus(), [.. ipv4, .. ipv6]));
        }

        return new DemoSnapshot(views, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Stops the nodes (each sends the reflector Cease 6/2 Administrative Shutdown), and returns the
    /// reflector's view of its peers at that point, before it stops too.
    /// </summary>
    public async Task<IReadOnlyList<Sessions.PeerStatus>> StopAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAll(_speakers.Skip(1).Select(entry => entry.Speaker.StopAsync(cancellationToken))).ConfigureAwait(false);
        IReadOnlyList<Sessions.PeerStatus> reflectorView = _speakers.Count > 0 ? _speakers[0].Speaker.GetStatus() : [];
        if (_speakers.Count > 0)
        {
            await _speakers[0].Speaker.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        return reflectorView;
    }

    public async ValueTask DisposeAsync()
    {
        // Nodes first, so the reflector never sees them reconnect.
        for (int i = _speakers.Count - 1; i >= 0; i--)
        {
            await _speakers[i].Speaker.DisposeAsync().ConfigureAwait(false);
        }

        _speakers.Clear();
    }

    private static Hosting.Speaker Create(SpeakerOptions options, ILoggerFactory loggers)
    {
        ILogger listenerLogger = loggers.CreateLogger<BgpListener>();
        return new Hosting.Speaker(
            options,
            PeerSessionWiring.Create(loggers, TimeProvider.System),
            (listen, findPeer) => BgpListener.Start(listen, findPeer, listenerLogger),
            loggers.CreateLogger<Hosting.Speaker>());
    }
}
