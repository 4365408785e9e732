using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Malformed UPDATEs from a real daemon (ExaBGP packs generic attributes verbatim) against RFC 7606:
/// a bad ORIGIN value or a COMMUNITIES length that is not a multiple of 4 withdraws the prefix and
/// keeps the session (no NOTIFICATION); an unrecognized well-known attribute resets the session with
/// 3/2 (RFC 4271 §6.3) while another peer's session stays up.
/// </summary>
[Trait("Category", "Interop")]
public sealed class SpeakerMalformedUpdateTests(ITestOutputHelper output)
{
    private const string ExaPeer = SessionTopology.PeerName;
    private const string Bystander = "bystander";
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);

    public static TheoryData<string, string> TreatAsWithdrawCases => new()
    {
        // RFC 7606 §7.1: ORIGIN value undefined (5).
        { "origin-5", "attribute [ 0x01 0x40 0x05 ]" },
        // RFC 7606 §7.8: COMMUNITIES length not a non-zero multiple of 4 (3 octets).
        { "communities-length-3", "attribute [ 0x08 0xc0 0x010203 ]" },
    };

    [ExaBgpFact(ReferenceDaemonKind.Bird)]
    public async Task TreatAsWithdraw_PrefixDisappears_SessionStaysEstablished()
    {
        await using var lab = await Lab.StartAsync(output);
        var index = 0;
        foreach (var (name, attribute) in TreatAsWithdrawCases.Select(row => ((string)row[0], (string)row[1])))
        {
            var prefix = $"10.91.{index++}.0/24";
            await lab.ExaBgp.SendAsync($"announce route {prefix} next-hop 192.0.2.20 community [ 65010:100 ] med 10");
            await SpeakerRib.WaitAsync(lab.Speaker, prefix, source: ExaPeer);

            await lab.ExaBgp.SendAsync($"announce route {prefix} next-hop 192.0.2.20 {attribute}");
            await SpeakerRib.WaitGoneAsync(lab.Speaker, prefix, ExaPeer);
            var status = lab.Speaker.Status(ExaPeer);
            Assert.True(status.State == SessionState.Established, $"{name}: {lab.Speaker.Describe(ExaPeer)}");
            Assert.True(status.EstablishedTransitions == 1 && status.Sent.Notification == 0, $"{name}: {lab.Speaker.Describe(ExaPeer)}");
        }
    }

    [ExaBgpFact(ReferenceDaemonKind.Bird)]
    public async Task UnrecognizedWellKnownAttribute_Notification3_2_OtherSessionStaysUp()
    {
        await using var lab = await Lab.StartAsync(output);
        var bystanderTransitions = lab.Speaker.Status(Bystander).EstablishedTransitions;

        // Flags 0x40: well-known (not optional), transitive; type 0x55 is unassigned, so unrecognized.
        await lab.ExaBgp.SendAsync("announce route 10.92.0.0/24 next-hop 192.0.2.20 attribute [ 0x55 0x40 0x00 ]");
        await ExternalCommand.WaitUntilAsync(() => Task.FromResult(lab.Speaker.Status(ExaPeer).Sent.Notification > 0),
            EstablishTimeout, "our NOTIFICATION to ExaBGP", () => Task.FromResult(lab.Speaker.Describe(ExaPeer)));
        Assert.Contains("3/2", lab.Speaker.Status(ExaPeer).LastError ?? string.Empty, StringComparison.Ordinal);

        Assert.Equal(SessionState.Established, lab.Speaker.Status(Bystander).State);
        Assert.Equal(bystanderTransitions, lab.Speaker.Status(Bystander).EstablishedTransitions);
        Assert.True(await lab.Bird.IsEstablishedAsync(), await lab.Bird.DiagnosticsAsync());
    }

    /// <summary>Our speaker with two peers: ExaBGP (the malformed source) and a BIRD bystander.</summary>
    private sealed class Lab : IAsyncDisposable
    {
        private Lab(SpeakerUnderTest speaker, ExaBgpDaemon exaBgp, BirdDaemon bird)
        {
            Speaker = speaker;
            ExaBgp = exaBgp;
            Bird = bird;
        }

        public SpeakerUnderTest Speaker { get; }

        public ExaBgpDaemon ExaBgp { get; }

        public BirdDaemon Bird { get; }

        public static async Task<Lab> StartAsync(ITestOutputHelper output)
        {
            var topology = new SessionTopology();
            var addresses = new LoopbackAddresses();
            var birdAddress = addresses.Next();
            var birdPort = LoopbackAddresses.FreePort(birdAddress);
            ExaBgpDaemon? exa = null;
            BirdDaemon? bird = null;
            SpeakerUnderTest? speaker = null;
            try
            {
                exa = await ExaBgpDaemon.StartAsync(topology.Daemon(SpeakerRouteTests.ExternalAs, SpeakerRouteTests.OurAs) with { Passive = true });
                bird = await BirdDaemon.StartAsync(new DaemonPeering
                {
                    Name = "speaker", LocalAddress = birdAddress, LocalPort = birdPort, LocalAs = 65021,
                    PeerAddress = topology.SpeakerAddress, PeerPort = topology.SpeakerPort, PeerAs = SpeakerRouteTests.OurAs, Passive = true,
                });
                var bystander = topology.Peer(65021, ConnectionMode.Active) with { Name = Bystander, Address = birdAddress, Port = birdPort };
                speaker = await SpeakerUnderTest.StartAsync(topology.Speaker(SpeakerRouteTests.OurAs,
                    topology.Peer(SpeakerRouteTests.ExternalAs, ConnectionMode.Active), bystander), output);
                var lab = new Lab(speaker, exa, bird);
                await speaker.WaitEstablishedAsync(ExaPeer, EstablishTimeout);
                await speaker.WaitEstablishedAsync(Bystander, EstablishTimeout);
                return lab;
            }
            catch
            {
                if (speaker is not null)
                {
                    await speaker.DisposeAsync();
                }

                exa?.Dispose();
                bird?.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Speaker.DisposeAsync();
            }
            finally
            {
                ExaBgp.Dispose();
                Bird.Dispose();
            }
        }
    }
}
