using System.Net;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Hosting;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Bgp.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using SpeakerEngine = Bgp.Speaker.Hosting.Speaker;

namespace Bgp.Interop.Tests;

/// <summary>
/// Our speaker in-process, as <c>bgpd run</c> wires it (the <see cref="SpeakerEngine"/> engine, real
/// <see cref="PeerSession"/>s, <see cref="SocketBgpConnector"/>, <see cref="BgpListener"/>), on one
/// loopback address and an unprivileged port, with the real clock.
/// </summary>
public sealed class SpeakerUnderTest : IAsyncDisposable
{
    private SpeakerUnderTest(SpeakerEngine speaker, TestOutputLoggerFactory loggers, SpeakerOptions options)
    {
        Speaker = speaker;
        Loggers = loggers;
        Options = options;
    }

    public SpeakerEngine Speaker { get; }

    public TestOutputLoggerFactory Loggers { get; }

    public SpeakerOptions Options { get; }

    public IPAddress Address => Options.Listen!.Address;

    public int Port => Options.Listen!.Port;

    public static async Task<SpeakerUnderTest> StartAsync(SpeakerOptions options, ITestOutputHelper? output,
        Bgp.Speaker.Routing.RoutingEngineOptions? engineOptions = null)
    {
        var loggers = new TestOutputLoggerFactory(output);
        var listenerLogger = loggers.CreateLogger<BgpListener>();
        var speaker = new SpeakerEngine(
            options,
            (peer, speakerOptions) => new PeerSession(peer, new LocalSpeaker(speakerOptions.LocalAs, speakerOptions.RouterId),
                new SocketBgpConnector(speakerOptions.LocalAs), TimeProvider.System, loggers.CreateLogger("Peer." + peer.Name)),
            (listen, findPeer) => BgpListener.Start(listen, findPeer, listenerLogger),
            loggers.CreateLogger<SpeakerEngine>(),
            engineOptions is null ? null : new Bgp.Speaker.Routing.RoutingEngine(options, TimeProvider.System, loggers.CreateLogger("Routing"), engineOptions));
        var started = new SpeakerUnderTest(speaker, loggers, options);
        try
        {
            await speaker.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return started;
    }

    /// <summary>Speaker options listening on <paramref name="address"/> (a free port) with router ID = the address.</summary>
    public static SpeakerOptions OptionsOn(IPAddress address, uint localAs, params PeerOptions[] peers) => new()
    {
        LocalAs = localAs,
        RouterId = address,
        Listen = new ListenOptions { Address = address, Port = LoopbackAddresses.FreePort(address) },
        Peers = peers,
    };

    public PeerStatus Status(string peer) =>
        Speaker.GetStatus().Single(status => status.Name == peer);

    public Task WaitStateAsync(string peer, SessionState state, TimeSpan timeout) =>
        ExternalCommand.WaitUntilAsync(() => Task.FromResult(Status(peer).State == state), timeout,
            $"our session {peer} in {state}", () => Task.FromResult(Describe(peer)));

    public Task WaitEstablishedAsync(string peer, TimeSpan timeout) => WaitStateAsync(peer, SessionState.Established, timeout);

    public string Describe(string peer)
    {
        var status = Status(peer);
        return $"{peer}: {status.State}, last error '{status.LastError}', sent {status.Sent.Total} received {status.Received.Total}\n{Loggers.Tail()}";
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await Speaker.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await Speaker.DisposeAsync().ConfigureAwait(false);
        }
    }
}
