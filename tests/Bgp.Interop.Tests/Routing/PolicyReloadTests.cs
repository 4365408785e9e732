using System.Net;
using Bgp.Protocol;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests.Routing;

/// <summary>
/// Issue 4's interop proof that a policy change is applied with route refresh or soft
/// reconfiguration, never a session reset: our speaker with two BIRD 2 iBGP peers, one re-evaluated
/// by ROUTE-REFRESH (BIRD answers with enhanced route refresh, RFC 7313) and one by soft
/// reconfiguration inbound. Each configuration reload changes import or export policy, by other
/// policy names or by editing a policy that keeps its name; our RIB and BIRD's tables (read with
/// <c>birdc show route</c>) gain and lose exactly the expected prefixes, a setLocalPref and an
/// addCommunities show through birdc, and neither side's session restarts (BIRD's
/// <c>show protocols</c> line with its since time, our established count and time).
/// </summary>
[Trait("Category", "Interop")]
public sealed class PolicyReloadTests(ITestOutputHelper output)
{
    private const uint As = 65000;
    private const string RefreshPeer = "refresh";
    private const string SoftPeer = "soft";
    private const string BirdProtocol = "speaker";
    private const string ImportPolicy = "import-test";
    private const string ExportPolicy = "export-test";
    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(25);

    /// <summary>Less than BIRD's connect delay (1 s, <see cref="DaemonPeering.ConnectRetrySeconds"/>): a reset moves "since" further.</summary>
    private static readonly TimeSpan SinceWobble = TimeSpan.FromMilliseconds(500);
    private static readonly string[] RefreshRoutes = ["10.61.1.0/24", "10.61.2.0/24", "10.61.3.0/24", "10.61.4.0/24"];
    private static readonly string[] SoftRoutes = ["10.62.1.0/24", "10.62.2.0/24", "10.62.3.0/24", "10.62.4.0/24"];
    private static readonly string[] OurRoutes = ["10.63.1.0/24", "10.63.2.0/24", "10.63.3.0/24", "10.63.4.0/24"];

    [InteropFact(ReferenceDaemonKind.Bird)]
    public async Task PolicyReloads_ChangeExactlyTheExpectedRoutes_OnBothSides_WithoutASessionReset()
    {
        var addresses = new LoopbackAddresses();
        var speakerAddress = addresses.Next();
        var speakerPort = LoopbackAddresses.FreePort(speakerAddress);
        var refreshAddress = addresses.Next();
        var softAddress = addresses.Next();
        using var refreshBird = await StartBirdAsync(refreshAddress, speakerAddress, speakerPort, RefreshRoutes);
        using var softBird = await StartBirdAsync(softAddress, speakerAddress, speakerPort, SoftRoutes);

        var refreshOptions = Peer(RefreshPeer, refreshBird.Peering, speakerAddress);
        var softOptions = Peer(SoftPeer, softBird.Peering, speakerAddress) with { SoftReconfigurationInbound = true };
        var options = new SpeakerOptions
        {
            LocalAs = As,
            RouterId = speakerAddress,
            Listen = new ListenOptions { Address = speakerAddress, Port = speakerPort },
            Peers = [refreshOptions, softOptions],
            Originate = [.. OurRoutes.Select(prefix => SpeakerRouteTests.Originated(prefix, ipv6: false))],
        };
        await using var speaker = await SpeakerUnderTest.StartAsync(options, output);
        await speaker.WaitEstablishedAsync(RefreshPeer, EstablishTimeout);
        await speaker.WaitEstablishedAsync(SoftPeer, EstablishTimeout);
        await WaitOurRibAsync(speaker, [.. RefreshRoutes, .. SoftRoutes], _ => true, "the initial tables");
        await WaitBirdTableAsync(refreshBird, OurRoutes, _ => true, "our routes at the refresh peer");
        await WaitBirdTableAsync(softBird, OurRoutes, _ => true, "our routes at the soft peer");
        var sessions = await SessionsAsync(speaker, refreshBird, softBird);

        // 1. Import, other policy names: each peer loses exactly its .3 and .4; the rest get LOCAL_PREF 250.
        var policies = Policies(import: Reject(["10.61.3.0/24", "10.61.4.0/24", "10.62.3.0/24", "10.62.4.0/24"], localPref: 250),
            export: AcceptAllPolicy);
        await ReloadAsync(speaker, options, policies, importPolicy: [ImportPolicy], exportPolicy: []);
        await WaitOurRibAsync(speaker, ["10.61.1.0/24", "10.61.2.0/24", "10.62.1.0/24", "10.62.2.0/24"],
            route => route.Attributes.LocalPref == 250, "import policy: .3 and .4 rejected, LOCAL_PREF 250");

        // The refresh peer was asked (RFC 2918) and answered with BoRR/EoRR (RFC 7313); the soft peer was not asked.
        Assert.True(speaker.Status(RefreshPeer).Sent.RouteRefresh >= 1, speaker.Describe(RefreshPeer));
        await ExternalCommand.WaitUntilAsync(() => Task.FromResult(speaker.Status(RefreshPeer).Received.RouteRefresh >= 2),
            RouteExpectations.RouteTimeout, "BIRD's BoRR and EoRR", () => Task.FromResult(speaker.Describe(RefreshPeer)));
        Assert.Equal(0, speaker.Status(SoftPeer).Sent.RouteRefresh);

        // 2. Import, the same name redefined: everything is back (the refresh peer sends .3 and .4
        // again; the soft peer's come from the kept pre-policy routes), now with LOCAL_PREF 260.
        var refreshRequests = speaker.Status(RefreshPeer).Sent.RouteRefresh;
        policies = Policies(import: Reject([], localPref: 260), export: AcceptAllPolicy);
        await ReloadAsync(speaker, options, policies, importPolicy: [ImportPolicy], exportPolicy: []);
        await WaitOurRibAsync(speaker, [.. RefreshRoutes, .. SoftRoutes], route => route.Attributes.LocalPref == 260,
            "import policy redefined: all back with LOCAL_PREF 260");
        Assert.True(speaker.Status(RefreshPeer).Sent.RouteRefresh > refreshRequests, speaker.Describe(RefreshPeer));
        Assert.Equal(0, speaker.Status(SoftPeer).Sent.RouteRefresh);

        // 3. Export, other policy names, for the refresh peer only: it loses 10.63.3.0/24 and sees
        // LOCAL_PREF 300 and community 65000:77 on the others; the soft peer's table is unchanged.
        policies = Policies(import: Reject([], localPref: 260), export: Reject(["10.63.3.0/24"], localPref: 300, community: "65000:77"));
        await ReloadAsync(speaker, options, policies, importPolicy: [ImportPolicy], exportPolicy: [ExportPolicy], exportPeer: RefreshPeer);
        await WaitBirdTableAsync(refreshBird, ["10.63.1.0/24", "10.63.2.0/24", "10.63.4.0/24"],
            route => route.LocalPref == 300 && route.Communities.Contains("65000:77"), "export policy: .3 rejected, LOCAL_PREF 300, 65000:77");
        await WaitBirdTableAsync(softBird, OurRoutes, route => route.LocalPref == 200 && !route.Communities.Contains("65000:77"),
            "the soft peer's table untouched");

        // 4. Export, the same name redefined: 10.63.3.0/24 is back, 10.63.4.0/24 goes, LOCAL_PREF 310.
        policies = Policies(import: Reject([], localPref: 260), export: Reject(["10.63.4.0/24"], localPref: 310, community: "65000:78"));
        await ReloadAsync(speaker, options, policies, importPolicy: [ImportPolicy], exportPolicy: [ExportPolicy], exportPeer: RefreshPeer);
        await WaitBirdTableAsync(refreshBird, ["10.63.1.0/24", "10.63.2.0/24", "10.63.3.0/24"],
            route => route.LocalPref == 310 && route.Communities.Contains("65000:78") && !route.Communities.Contains("65000:77"),
            "export policy redefined: .4 rejected, LOCAL_PREF 310, 65000:78");
        await WaitBirdTableAsync(softBird, OurRoutes, route => route.LocalPref == 200, "the soft peer's table still untouched");

        // No session was reset, on either side, by any of the four reloads.
        var after = await SessionsAsync(speaker, refreshBird, softBird);
        Assert.Equal(sessions.Ours, after.Ours);
        for (var i = 0; i < sessions.Birds.Length; i++)
        {
            // BIRD prints "since" from a monotonic clock shifted to wall time: it wobbles by a millisecond.
            Assert.Equal(sessions.Birds[i].State, after.Birds[i].State);
            Assert.True((after.Birds[i].Since - sessions.Birds[i].Since).Duration() < SinceWobble,
                $"BIRD session {i} restarted: since {sessions.Birds[i].Since:HH:mm:ss.fff}, now {after.Birds[i].Since:HH:mm:ss.fff}");
        }

        Assert.Equal([ImportPolicy], speaker.Speaker.FindSession(RefreshPeer)!.Options.ImportPolicy);
        Assert.Equal([ExportPolicy], speaker.Speaker.FindSession(RefreshPeer)!.Options.ExportPolicy);
    }

    private const string AcceptAllPolicy = """{ "default": "accept", "rules": [] }""";

    /// <summary>A policy rejecting <paramref name="prefixes"/> and setting LOCAL_PREF (and a community) on the rest.</summary>
    private static string Reject(string[] prefixes, uint localPref, string? community = null)
    {
        var actions = community is null
            ? $$"""{ "setLocalPref": {{localPref}} }"""
            : $$"""{ "setLocalPref": {{localPref}}, "addCommunities": "{{community}}" }""";
        var reject = prefixes.Length == 0
            ? ""
            : $$"""{ "match": { "prefix": [{{string.Join(", ", prefixes.Select(p => $"\"{p}\""))}}], "prefixMatch": "equal" }, "then": "reject" },""";
        return $$"""{ "default": "accept", "rules": [ {{reject}} { "actions": {{actions}}, "then": "accept" } ] }""";
    }

    private static PolicySet Policies(string import, string export) =>
        ConfigLoader.Parse(
            $$"""
            { "localAs": 65000, "routerId": "192.0.2.250",
              "policies": { "{{ImportPolicy}}": {{import}}, "{{ExportPolicy}}": {{export}} } }
            """, "policy-reload-test.json").Policies;

    /// <summary>Applies <paramref name="options"/> with new policies and policy names, as a SIGHUP with an edited file would.</summary>
    private static Task ReloadAsync(SpeakerUnderTest speaker, SpeakerOptions options, PolicySet policies, string[] importPolicy,
        string[] exportPolicy, string? exportPeer = null) =>
        speaker.Speaker.ApplyAsync(options with
        {
            Policies = policies,
            Peers = [.. options.Peers.Select(peer => peer with
            {
                ImportPolicy = importPolicy,
                ExportPolicy = exportPeer is null || exportPeer == peer.Name ? exportPolicy : [],
            })],
        });

    private static async Task<BirdDaemon> StartBirdAsync(IPAddress address, IPAddress speakerAddress, int speakerPort, string[] routes) =>
        await BirdDaemon.StartAsync(new DaemonPeering
        {
            Name = BirdProtocol,
            LocalAddress = address,
            LocalPort = LoopbackAddresses.FreePort(address),
            LocalAs = As,
            PeerAddress = speakerAddress,
            PeerPort = speakerPort,
            PeerAs = As,
            Passive = true,
            Routes = [.. routes.Select(prefix => RouteExpectations.Ipv4(prefix) with { Prepend = [] })],
        });

    private static PeerOptions Peer(string name, DaemonPeering bird, IPAddress speakerAddress) => new()
    {
        Name = name,
        Address = bird.LocalAddress,
        Port = bird.LocalPort,
        RemoteAs = As,
        Mode = ConnectionMode.Active,
        SourceAddress = speakerAddress,
        HoldTime = SessionTopology.HoldTime,
        ConnectRetryTime = SessionTopology.ConnectRetry,
        ConnectRetryJitter = 0,
        Families = [AddressFamily.Ipv4Unicast],
    };

    /// <summary>Both sides' view of both sessions: BIRD's protocol state and since time, our established count and time.</summary>
    private static async Task<(BirdSession[] Birds, string[] Ours)> SessionsAsync(SpeakerUnderTest speaker, BirdDaemon refreshBird, BirdDaemon softBird) =>
    (
        [await ProtocolAsync(refreshBird), await ProtocolAsync(softBird)],
        [.. new[] { RefreshPeer, SoftPeer }.Select(peer =>
        {
            var status = speaker.Status(peer);
            return $"{peer}: {status.State} x{status.EstablishedTransitions} since {status.EstablishedSince:O}";
        })]
    );

    /// <summary><c>birdc show protocols speaker</c>: "speaker BGP --- up 03:10:12.345 Established" (name, proto, table, state, since, info).</summary>
    private static async Task<BirdSession> ProtocolAsync(BirdDaemon bird)
    {
        var text = await bird.BirdcAsync("show", "protocols", BirdProtocol);
        var fields = text.Split('\n').Single(l => l.StartsWith(BirdProtocol + " ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(fields.Length >= 6 && fields[5] == "Established", string.Join(' ', fields));
        return new BirdSession($"{fields[3]} {fields[5]}", DateTime.ParseExact(fields[4], "HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed record BirdSession(string State, DateTime Since);

    /// <summary>Waits until our Loc-RIB holds exactly <paramref name="expected"/> (IPv4), every path matching <paramref name="condition"/>.</summary>
    private static async Task WaitOurRibAsync(SpeakerUnderTest speaker, string[] expected, Func<Bgp.Speaker.Routing.RouteSnapshot, bool> condition, string what)
    {
        var wanted = expected.Order().ToArray();
        IReadOnlyList<Bgp.Speaker.Routing.RouteSnapshot> routes = [];
        await ExternalCommand.WaitUntilAsync(async () =>
            {
                routes = [.. (await speaker.Speaker.GetRoutesAsync(AddressFamily.Ipv4Unicast)).Where(r => r.Source != "local")];
                return routes.Select(r => r.Prefix.ToString()).Order().SequenceEqual(wanted) && routes.All(condition);
            }, RouteExpectations.RouteTimeout, $"our RIB: {what}",
            () => Task.FromResult(SpeakerRib.Dump(routes) + "\n" + speaker.Loggers.Tail()));
    }

    /// <summary>Waits until BIRD's table holds exactly <paramref name="expected"/> from us, every route matching <paramref name="condition"/>.</summary>
    private static async Task WaitBirdTableAsync(BirdDaemon bird, string[] expected, Func<DaemonRibRoute, bool> condition, string what)
    {
        var wanted = expected.Order().ToArray();
        IReadOnlyList<DaemonRibRoute> routes = [];
        await ExternalCommand.WaitUntilAsync(async () =>
            {
                routes = await bird.GetReceivedRoutesAsync(AddressFamily.Ipv4Unicast);
                return routes.Select(r => r.Prefix).Order().SequenceEqual(wanted) && routes.All(condition);
            }, RouteExpectations.RouteTimeout, $"BIRD's table: {what}",
            async () => string.Join('\n', routes) + "\n" + await bird.DiagnosticsAsync());
    }
}
