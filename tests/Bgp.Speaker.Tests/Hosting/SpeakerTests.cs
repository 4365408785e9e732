using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Hosting;

using Speaker = Bgp.Speaker.Hosting.Speaker;

public sealed class SpeakerTests
{
    private static readonly PeerOptions A = Peer("a", "192.0.2.2");
    private static readonly PeerOptions B = Peer("b", "192.0.2.3");
    private static readonly PeerOptions C = Peer("c", "192.0.2.4");

    private readonly FakeSessionFactory _sessions = new();
    private readonly FakeListener.Factory _listeners = new();

    [Fact]
    public async Task Start_StartsEveryPeerThatIsNotShutDown()
    {
        await using Speaker speaker = Create(Config(A, B with { Shutdown = true }));

        await speaker.StartAsync();

        Assert.Equal(1, Session("a").StartCount);
        Assert.Equal(0, Session("b").StartCount);
        Assert.Equal(["a", "b"], speaker.GetStatus().Select(status => status.Name));
        FakeListener listener = Assert.Single(_listeners.Bound);
        Assert.Equal([A, B with { Shutdown = true }], listener.Peers);
    }

    [Fact]
    public async Task Apply_UnchangedPeer_KeepsTheSameSessionNeverStopped()
    {
        await using Speaker speaker = Create(Config(A, B));
        await speaker.StartAsync();
        var unchanged = Session("a");

        await speaker.ApplyAsync(Config(A, B with { HoldTime = TimeSpan.FromSeconds(9) }, C));

        Assert.Same(unchanged, speaker.FindSession("a"));
        Assert.Empty(unchanged.Stops);
        Assert.False(unchanged.Disposed);
        Assert.Equal(1, unchanged.StartCount);
    }

    [Fact]
    public async Task Apply_PolicyOnlyChange_KeepsTheSessionNeverStopped()
    {
        // Issue 4: a policy change is applied by route refresh or soft reconfiguration, never by
        // a session reset (PeerOptions.EqualsExceptPolicy).
        var policies = ConfigLoader.Parse(
            """
            { "localAs": 64512, "routerId": "192.0.2.1",
              "policies": { "p": { "default": "accept", "rules": [] }, "q": { "default": "reject", "rules": [] } } }
            """, "policies.json").Policies;
        await using Speaker speaker = Create(Config(A with { ExportPolicy = ["p"] }, B) with { Policies = policies });
        await speaker.StartAsync();
        var session = Session("a");

        await speaker.ApplyAsync(Config(A with { ExportPolicy = ["q"], ImportPolicy = ["p"] }, B) with { Policies = policies });

        Assert.Same(session, speaker.FindSession("a"));
        Assert.Empty(session.Stops);
        Assert.Equal(1, session.StartCount);
    }

    [Fact]
    public async Task Apply_ChangedPeer_StopsWith6_6_AndStartsANewSession()
    {
        await using Speaker speaker = Create(Config(A, B));
        await speaker.StartAsync();
        var old = Session("b");

        PeerOptions changed = B with { Password = "new" };
        await speaker.ApplyAsync(Config(A, changed));

        Assert.Equal([(CeaseSubcode.OtherConfigurationChange, "peer configuration changed")], old.Stops);
        Assert.True(old.Disposed);
        var replacement = (FakePeerSession)speaker.FindSession("b")!;
        Assert.NotSame(old, replacement);
        Assert.Equal(changed, replacement.Options);
        Assert.Equal(1, replacement.StartCount);
        Assert.Same(replacement, speaker.FindPeer(B.Address));
    }

    [Fact]
    public async Task Apply_RemovedPeer_StopsWith6_3()
    {
        await using Speaker speaker = Create(Config(A, B));
        await speaker.StartAsync();
        var removed = Session("b");

        await speaker.ApplyAsync(Config(A));

        Assert.Equal([(CeaseSubcode.PeerDeconfigured, "peer removed from the configuration")], removed.Stops);
        Assert.True(removed.Disposed);
        Assert.Null(speaker.FindSession("b"));
        Assert.Null(speaker.FindPeer(B.Address));
        Assert.Equal([A], _listeners.Bound.Single().Peers);
    }

    [Fact]
    public async Task Apply_AddedPeer_IsStarted()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();

        await speaker.ApplyAsync(Config(A, C));

        Assert.Equal(1, Session("c").StartCount);
        Assert.Equal(2, _sessions.Created.Count);
    }

    [Fact]
    public async Task Apply_PeerSwitchedToShutdown_StopsWith6_2_AndIsNotRestarted()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();
        var old = Session("a");

        await speaker.ApplyAsync(Config(A with { Shutdown = true }));

        Assert.Equal([(CeaseSubcode.AdministrativeShutdown, "peer shut down by configuration")], old.Stops);
        Assert.Equal(0, ((FakePeerSession)speaker.FindSession("a")!).StartCount);
    }

    [Fact]
    public async Task Apply_LocalAsChanged_RestartsEveryPeerWith6_6()
    {
        await using Speaker speaker = Create(Config(A, B));
        await speaker.StartAsync();
        var oldA = Session("a");
        var oldB = Session("b");

        await speaker.ApplyAsync(Config(A, B) with { LocalAs = 64999 });

        Assert.Equal(CeaseSubcode.OtherConfigurationChange, Assert.Single(oldA.Stops).Subcode);
        Assert.Equal(CeaseSubcode.OtherConfigurationChange, Assert.Single(oldB.Stops).Subcode);
        Assert.Equal(4, _sessions.Created.Count);
        Assert.Equal(64999u, speaker.Options.LocalAs);
    }

    [Fact]
    public async Task Apply_RouterIdChanged_RestartsEveryPeer()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();
        var old = Session("a");

        await speaker.ApplyAsync(Config(A) with { RouterId = IPAddress.Parse("192.0.2.99") });

        Assert.Single(old.Stops);
        Assert.Equal(2, _sessions.Created.Count);
    }

    [Fact]
    public async Task Apply_ListenChanged_Rebinds_AndLeavesPeersAlone()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();

        await speaker.ApplyAsync(Config(A) with { Listen = new ListenOptions { Port = 1790 } });

        Assert.Equal(2, _listeners.Bound.Count);
        Assert.True(_listeners.Bound[0].Disposed);
        Assert.Equal(1790, _listeners.Bound[1].Options.Port);
        Assert.Equal([A], _listeners.Bound[1].Peers);
        Assert.Empty(Session("a").Stops);
    }

    [Fact]
    public async Task Apply_ListenPortInUse_Throws_AndKeepsEverythingAsItWas()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();
        SpeakerOptions running = speaker.Options;
        _listeners.PortsInUse.Add(1790);

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(
            () => speaker.ApplyAsync(Config(A, B) with { Listen = new ListenOptions { Port = 1790 } }));

        Assert.Same(running, speaker.Options);
        Assert.Equal(ListenOptions.DefaultPort, _listeners.Bound.Last().Options.Port);
        Assert.False(_listeners.Bound.Last().Disposed);
        Assert.Null(speaker.FindSession("b"));
    }

    [Fact]
    public async Task Apply_ListenFalse_ClosesTheListener()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();

        await speaker.ApplyAsync(Config(A) with { Listen = null });

        Assert.True(_listeners.Bound.Single().Disposed);
        Assert.Null(speaker.Listener);
    }

    [Fact]
    public async Task Stop_StopsEveryRunningPeerWith6_2_AndClosesTheListener()
    {
        Speaker speaker = Create(Config(A, B, C with { Shutdown = true }));
        await speaker.StartAsync();

        await speaker.StopAsync();

        Assert.Equal([(CeaseSubcode.AdministrativeShutdown, Speaker.ShutdownMessage)], Session("a").Stops);
        Assert.Equal([(CeaseSubcode.AdministrativeShutdown, Speaker.ShutdownMessage)], Session("b").Stops);
        Assert.Empty(Session("c").Stops); // never started: nothing to say
        Assert.All(_sessions.Created, session => Assert.True(session.Disposed));
        Assert.True(_listeners.Bound.Single().Disposed);
        Assert.Equal("bgpd shutting down", Speaker.ShutdownMessage);
        await speaker.DisposeAsync();
    }

    [Fact]
    public async Task FindPeer_MatchesIpv4MappedAddresses()
    {
        await using Speaker speaker = Create(Config(A));
        await speaker.StartAsync();

        Assert.Same(Session("a"), speaker.FindPeer(IPAddress.Parse("::ffff:192.0.2.2")));
        Assert.Same(Session("a"), _listeners.Bound.Single().FindPeer(IPAddress.Parse("192.0.2.2")));
        Assert.Null(speaker.FindPeer(IPAddress.Parse("192.0.2.200")));
    }

    internal static PeerOptions Peer(string name, string address) =>
        new() { Name = name, Address = IPAddress.Parse(address), RemoteAs = 65000 };

    internal static SpeakerOptions Config(params PeerOptions[] peers) =>
        new() { LocalAs = 64512, RouterId = IPAddress.Parse("192.0.2.1"), Peers = peers };

    private Speaker Create(SpeakerOptions options) =>
        new(options, _sessions.Create, _listeners.Create, NullLogger<Speaker>.Instance);

    /// <summary>The most recently created session for <paramref name="name"/>.</summary>
    private FakePeerSession Session(string name) => _sessions.Created.Last(session => session.Options.Name == name);
}
