using System.Globalization;
using System.Net;
using Bgp.Protocol.Iana;
using Bgp.Testing;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>What a scenario recorded, plus the header lines that describe it in a vector file.</summary>
public sealed record CaptureResult(IReadOnlyList<RecordedMessage> Messages, IReadOnlyList<string> Header, IReadOnlyList<string> Errors);

/// <summary>
/// Real BGP sessions between reference daemons, recorded through <see cref="TcpRecordingRelay"/>.
/// Every daemon gets its own temp config and a random 127.x.y.z address; all are stopped by PID
/// and their directories deleted, whatever happens.
/// </summary>
internal static class CaptureScenarios
{
    public const string BirdToGoBgp = "bird>gobgp";
    public const string GoBgpToBird = "gobgp>bird";
    public const string ReflectorToClient = "birdrr>birdclient";
    public const string ClientToReflector = "birdclient>birdrr";
    private const string BirdProtocol = "gobgp1";
    private const string ClientProtocol = "client1";
    private const string ReflectorProtocol = "rr1";
    private const string ShutdownMessage = "capture finished";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// eBGP BIRD 2 (AS 65001, active) ⟷ GoBGP (AS 4200000002, passive), IPv4 and IPv6 unicast.
    /// <paramref name="full"/> adds live announcements, withdrawals both ways, ROUTE-REFRESH both
    /// ways and keepalives before the administrative shutdown; the short form only establishes,
    /// exchanges the tables, withdraws one route and shuts down.
    /// </summary>
    public static async Task<CaptureResult> BirdGoBgpEbgpAsync(bool full)
    {
        var addresses = new LoopbackAddresses();
        var birdAddress = addresses.Next();
        var goBgpAddress = addresses.Next();
        var relayAddress = addresses.Next();
        var birdPort = LoopbackAddresses.FreePort(birdAddress);
        var goBgpPort = LoopbackAddresses.FreePort(goBgpAddress);
        var relayPort = LoopbackAddresses.FreePort(relayAddress);

        var birdConfig = $$"""
            router id 10.0.0.1;
            log "{LOG}" all;
            protocol device {}
            # Blackholes that make the received next hops resolvable; not exported.
            protocol static nhres4 { ipv4; route 192.0.2.0/24 blackhole; }
            protocol static nhres6 { ipv6; route 2001:db8::/64 blackhole; }
            protocol static st4 {
              ipv4;
              route 198.51.100.0/24 blackhole;
              route 198.51.100.64/26 blackhole { bgp_community.add((65001,100)); bgp_large_community.add((65001,1,2)); bgp_ext_community.add((rt,65001,7)); bgp_med = 50; };
              route 198.51.100.128/26 blackhole { bgp_path.prepend(65001); bgp_path.prepend(65001); bgp_community.add((65001,200)); bgp_community.add((65535,65281)); };
              route 198.51.100.192/26 blackhole { bgp_origin = ORIGIN_INCOMPLETE; bgp_ext_community.add((ro,65001,8)); bgp_ext_community.add((rt,10.0.0.1,9)); };
            }
            protocol static st6 {
              ipv6;
              route 2001:db8:1::/48 blackhole;
              route 2001:db8:2::/64 blackhole { bgp_community.add((65001,100)); bgp_large_community.add((65001,1,2)); bgp_med = 7; };
            }
            filter no_nhres { if proto = "nhres4" || proto = "nhres6" then reject; accept; }
            protocol bgp {{BirdProtocol}} {
              local {{birdAddress}} port {{birdPort}} as 65001;
              neighbor {{relayAddress}} port {{relayPort}} as 4200000002;
              strict bind yes;
              multihop 2;
              connect delay time 1;
              hold time 9;
              graceful restart on;
              enable route refresh on;
              enable extended messages on;
              ipv4 { import all; export filter no_nhres; next hop address 192.0.2.10; };
              ipv6 { import all; export filter no_nhres; next hop address 2001:db8::10; };
            }
            """;
        var goBgpConfig = $$"""
            [global.config]
              as = 4200000002
              router-id = "10.0.0.2"
              port = {{goBgpPort}}
              local-address-list = ["{{goBgpAddress}}"]
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "{{birdAddress}}"
                peer-as = 65001
              [neighbors.transport.config]
                passive-mode = true
                local-address = "{{goBgpAddress}}"
              [neighbors.timers.config]
                hold-time = 9
                keepalive-interval = 3
              [neighbors.graceful-restart.config]
                enabled = true
                restart-time = 120
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
                [neighbors.afi-safis.mp-graceful-restart.config]
                  enabled = true
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv6-unicast"
                [neighbors.afi-safis.mp-graceful-restart.config]
                  enabled = true
            """;

        var header = new List<string>
        {
            $"{BirdToGoBgp}: BIRD 2 ({await BirdDaemon.VersionAsync().ConfigureAwait(false)}), AS 65001, router id 10.0.0.1, active",
            $"{GoBgpToBird}: GoBGP ({await GoBgpDaemon.VersionAsync().ConfigureAwait(false)}), AS 4200000002 (4-octet: AS_TRANS in OPEN), router id 10.0.0.2, passive",
            "session: eBGP over loopback through a C# TCP recording relay (tests/Bgp.Protocol.Tests/Capture/TcpRecordingRelay.cs)",
            "both: IPv4 + IPv6 unicast, graceful restart, hold 9 s; BIRD: route refresh, extended messages (GoBGP lacks RFC 8654), multihop, next hop 192.0.2.10 / 2001:db8::10",
            "BIRD announces static 198.51.100.0/24, /26s with communities (65001,100) (65001,200) NO_EXPORT, large (65001,1,2), ext rt/ro, MED, prepends, origin incomplete; 2001:db8:1::/48, 2001:db8:2::/64",
            "GoBGP announces 203.0.113.0/24 (aspath 64512 64513, MED 20, community 65002:1), 203.0.113.128/25 (AIGP 10), 2001:db8:200::/48, 2001:db8:201::/48 (large 4200000002:5:6) via 192.0.2.1 / 2001:db8::1",
            full
                ? "then: GoBGP adds 203.0.113.64/26 (origin egp, aggregator) and withdraws 203.0.113.0/24 + 2001:db8:201::/48; BIRD withdraws its IPv6 routes; ROUTE-REFRESH from BIRD (GoBGP re-sends), GoBGP soft reset out; keepalives; BIRD disables the session with a shutdown message (NOTIFICATION 6/2)"
                : "then: GoBGP withdraws 203.0.113.0/24; BIRD disables the session (NOTIFICATION 6/2)",
            $"captured: {DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (UTC)",
        };

        using var goBgp = await GoBgpDaemon.StartAsync("gobgp", goBgpConfig, goBgpAddress).ConfigureAwait(false);
        await goBgp.CliAsync("global", "rib", "add", "-a", "ipv4", "203.0.113.0/24", "nexthop", "192.0.2.1",
            "aspath", "64512,64513", "med", "20", "community", "65002:1").ConfigureAwait(false);
        await goBgp.CliAsync("global", "rib", "add", "-a", "ipv4", "203.0.113.128/25", "nexthop", "192.0.2.1",
            "aigp", "metric", "10").ConfigureAwait(false);
        await goBgp.CliAsync("global", "rib", "add", "-a", "ipv6", "2001:db8:200::/48", "nexthop", "2001:db8::1").ConfigureAwait(false);
        await goBgp.CliAsync("global", "rib", "add", "-a", "ipv6", "2001:db8:201::/48", "nexthop", "2001:db8::1",
            "large-community", "4200000002:5:6").ConfigureAwait(false);

        await using var relay = new TcpRecordingRelay(new IPEndPoint(relayAddress, relayPort),
            new IPEndPoint(goBgpAddress, goBgpPort), birdAddress, BirdToGoBgp, GoBgpToBird);
        relay.Start();
        using var bird = await BirdDaemon.StartAsync("bird", birdConfig).ConfigureAwait(false);

        await bird.WaitEstablishedAsync(BirdProtocol, StepTimeout).ConfigureAwait(false);
        await goBgp.WaitEstablishedAsync(birdAddress, StepTimeout).ConfigureAwait(false);
        await relay.WaitForAsync(m => HasEndOfRib(m, BirdToGoBgp, Afi.Ipv4) && HasEndOfRib(m, BirdToGoBgp, Afi.Ipv6) &&
                                      HasEndOfRib(m, GoBgpToBird, Afi.Ipv4) && HasEndOfRib(m, GoBgpToBird, Afi.Ipv6),
            StepTimeout, "End-of-RIB for IPv4 and IPv6 both ways").ConfigureAwait(false);

        if (full)
        {
            var updates = Count(relay.Messages, GoBgpToBird, BgpMessageType.Update);
            await goBgp.CliAsync("global", "rib", "add", "-a", "ipv4", "203.0.113.64/26", "nexthop", "192.0.2.1",
                "origin", "egp", "aggregator", "4200000002:10.0.0.2").ConfigureAwait(false);
            await relay.WaitForAsync(m => Count(m, GoBgpToBird, BgpMessageType.Update) > updates, StepTimeout, "GoBGP's live announcement").ConfigureAwait(false);

            updates = Count(relay.Messages, GoBgpToBird, BgpMessageType.Update);
            await goBgp.CliAsync("global", "rib", "del", "-a", "ipv4", "203.0.113.0/24").ConfigureAwait(false);
            await goBgp.CliAsync("global", "rib", "del", "-a", "ipv6", "2001:db8:201::/48").ConfigureAwait(false);
            await relay.WaitForAsync(m => Count(m, GoBgpToBird, BgpMessageType.Update) >= updates + 2, StepTimeout, "GoBGP's withdrawals").ConfigureAwait(false);

            updates = Count(relay.Messages, BirdToGoBgp, BgpMessageType.Update);
            await bird.BirdcAsync("disable", "st6").ConfigureAwait(false);
            await relay.WaitForAsync(m => Count(m, BirdToGoBgp, BgpMessageType.Update) > updates, StepTimeout, "BIRD's IPv6 withdrawal").ConfigureAwait(false);

            await bird.BirdcAsync("reload", "in", BirdProtocol).ConfigureAwait(false);
            await relay.WaitForAsync(m => Count(m, BirdToGoBgp, BgpMessageType.RouteRefresh) > 0, StepTimeout, "BIRD's ROUTE-REFRESH").ConfigureAwait(false);
            // GoBGP keeps an Adj-RIB-In, so a soft reset in may be served locally without a ROUTE-REFRESH
            // on the wire; a soft reset out makes it re-send its routes either way.
            updates = Count(relay.Messages, GoBgpToBird, BgpMessageType.Update);
            await goBgp.CliAsync("neighbor", birdAddress.ToString(), "softresetout").ConfigureAwait(false);
            await relay.WaitForAsync(m => Count(m, GoBgpToBird, BgpMessageType.Update) > updates, StepTimeout, "GoBGP's re-sent routes").ConfigureAwait(false);

            var keepalives = Count(relay.Messages, GoBgpToBird, BgpMessageType.Keepalive);
            await relay.WaitForAsync(m => Count(m, GoBgpToBird, BgpMessageType.Keepalive) > keepalives &&
                                          Count(m, BirdToGoBgp, BgpMessageType.Keepalive) > 1, StepTimeout, "periodic keepalives").ConfigureAwait(false);
        }
        else
        {
            var updates = Count(relay.Messages, GoBgpToBird, BgpMessageType.Update);
            await goBgp.CliAsync("global", "rib", "del", "-a", "ipv4", "203.0.113.0/24").ConfigureAwait(false);
            await relay.WaitForAsync(m => Count(m, GoBgpToBird, BgpMessageType.Update) > updates, StepTimeout, "GoBGP's withdrawal").ConfigureAwait(false);
        }

        await bird.BirdcAsync("disable", BirdProtocol, $"\"{ShutdownMessage}\"").ConfigureAwait(false);
        await relay.WaitForAsync(m => Count(m, BirdToGoBgp, BgpMessageType.Notification) > 0, StepTimeout, "BIRD's NOTIFICATION").ConfigureAwait(false);
        await relay.AllConnectionsClosed().WaitAsync(StepTimeout).ConfigureAwait(false);
        return new CaptureResult(relay.Messages, header, relay.Errors);
    }

    /// <summary>
    /// iBGP BIRD 2 route reflector (active) ⟷ BIRD 2 client (passive), AS 65001: ADD-PATH both
    /// ways for IPv4 and IPv6 with two paths per prefix, LOCAL_PREF, ORIGINATOR_ID/CLUSTER_LIST,
    /// IPv4 routes with IPv6 next hops (extended next hop), extended messages, enhanced route refresh.
    /// </summary>
    public static async Task<CaptureResult> BirdBirdIbgpAddPathAsync()
    {
        var addresses = new LoopbackAddresses();
        var reflectorAddress = addresses.Next();
        var clientAddress = addresses.Next();
        var relayAddress = addresses.Next();
        var reflectorPort = LoopbackAddresses.FreePort(reflectorAddress);
        var clientPort = LoopbackAddresses.FreePort(clientAddress);
        var relayPort = LoopbackAddresses.FreePort(relayAddress);

        var reflectorConfig = $$"""
            router id 10.0.1.1;
            log "{LOG}" all;
            protocol device {}
            protocol static nhres4 { ipv4; route 192.0.2.0/24 blackhole; }
            protocol static nhres6 { ipv6; route 2001:db8::/64 blackhole; }
            protocol static pathx4 {
              ipv4;
              route 198.51.100.0/24 blackhole { bgp_local_pref = 200; bgp_next_hop = 192.0.2.21; };
              route 198.51.100.128/25 blackhole { bgp_local_pref = 150; bgp_originator_id = 10.0.1.9; bgp_cluster_list.add(10.0.1.8); bgp_next_hop = 2001:db8::21; };
            }
            protocol static pathy4 {
              ipv4;
              route 198.51.100.0/24 blackhole { bgp_local_pref = 100; bgp_community.add((65001,2)); };
            }
            protocol static pathx6 { ipv6; route 2001:db8:10::/48 blackhole { bgp_local_pref = 200; }; }
            protocol static pathy6 { ipv6; route 2001:db8:10::/48 blackhole { bgp_local_pref = 120; bgp_large_community.add((65001,3,4)); }; }
            filter no_nhres { if proto = "nhres4" || proto = "nhres6" then reject; accept; }
            protocol bgp {{ClientProtocol}} {
              local {{reflectorAddress}} port {{reflectorPort}} as 65001;
              neighbor {{relayAddress}} port {{relayPort}} as 65001;
              strict bind yes;
              connect delay time 1;
              hold time 9;
              rr client;
              rr cluster id 10.0.1.1;
              graceful restart on;
              enable extended messages on;
              ipv4 { import all; export filter no_nhres; add paths on; extended next hop on; next hop address 2001:db8::11; igp table master6; };
              ipv6 { import all; export filter no_nhres; add paths on; next hop address 2001:db8::11; };
            }
            """;
        var clientConfig = $$"""
            router id 10.0.1.2;
            log "{LOG}" all;
            protocol device {}
            protocol static nhres4 { ipv4; route 192.0.2.0/24 blackhole; }
            protocol static nhres6 { ipv6; route 2001:db8::/64 blackhole; }
            protocol static own4 { ipv4; route 203.0.113.0/24 blackhole { bgp_local_pref = 300; }; }
            protocol static own4b { ipv4; route 203.0.113.0/24 blackhole { bgp_community.add((65001,9)); }; }
            protocol static own6 { ipv6; route 2001:db8:20::/48 blackhole; }
            filter no_nhres { if proto = "nhres4" || proto = "nhres6" then reject; accept; }
            protocol bgp {{ReflectorProtocol}} {
              local {{clientAddress}} port {{clientPort}} as 65001;
              neighbor {{reflectorAddress}} port {{reflectorPort}} as 65001;
              strict bind yes;
              passive on;
              hold time 9;
              graceful restart on;
              enable extended messages on;
              ipv4 { import all; export filter no_nhres; add paths on; extended next hop on; next hop address 192.0.2.12; igp table master6; };
              ipv6 { import all; export filter no_nhres; add paths on; next hop address 2001:db8::12; };
            }
            """;

        var version = await BirdDaemon.VersionAsync().ConfigureAwait(false);
        var header = new List<string>
        {
            $"{ReflectorToClient}: BIRD 2 ({version}) route reflector, AS 65001, router id 10.0.1.1, cluster id 10.0.1.1, active",
            $"{ClientToReflector}: BIRD 2 ({version}) rr client, AS 65001, router id 10.0.1.2, passive",
            "session: iBGP over loopback through a C# TCP recording relay (tests/Bgp.Protocol.Tests/Capture/TcpRecordingRelay.cs)",
            "both: IPv4 + IPv6 unicast, ADD-PATH send+receive for both, extended next hop (IPv4 NLRI / IPv6 next hop), extended messages, graceful restart, enhanced route refresh, hold 9 s",
            "reflector announces two paths for 198.51.100.0/24 (LOCAL_PREF 200 via 192.0.2.21; 100 with community (65001,2) via 2001:db8::11), 198.51.100.128/25 with ORIGINATOR_ID 10.0.1.9 + CLUSTER_LIST 10.0.1.8, two paths for 2001:db8:10::/48",
            "client announces two paths for 203.0.113.0/24 (LOCAL_PREF 300; community (65001,9)) and 2001:db8:20::/48",
            "then: reflector withdraws one path of 198.51.100.0/24 and re-announces it; client sends ROUTE-REFRESH (reflector answers with BoRR/EoRR); keepalives; reflector disables the session (NOTIFICATION 6/2)",
            $"captured: {DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (UTC)",
        };

        using var client = await BirdDaemon.StartAsync("birdclient", clientConfig).ConfigureAwait(false);
        await using var relay = new TcpRecordingRelay(new IPEndPoint(relayAddress, relayPort),
            new IPEndPoint(clientAddress, clientPort), reflectorAddress, ReflectorToClient, ClientToReflector);
        relay.Start();
        using var reflector = await BirdDaemon.StartAsync("birdrr", reflectorConfig).ConfigureAwait(false);

        await reflector.WaitEstablishedAsync(ClientProtocol, StepTimeout).ConfigureAwait(false);
        await client.WaitEstablishedAsync(ReflectorProtocol, StepTimeout).ConfigureAwait(false);
        await relay.WaitForAsync(m => HasEndOfRib(m, ReflectorToClient, Afi.Ipv4) && HasEndOfRib(m, ReflectorToClient, Afi.Ipv6) &&
                                      HasEndOfRib(m, ClientToReflector, Afi.Ipv4) && HasEndOfRib(m, ClientToReflector, Afi.Ipv6),
            StepTimeout, "End-of-RIB for IPv4 and IPv6 both ways").ConfigureAwait(false);

        var updates = Count(relay.Messages, ReflectorToClient, BgpMessageType.Update);
        await reflector.BirdcAsync("disable", "pathy4").ConfigureAwait(false);
        await relay.WaitForAsync(m => Count(m, ReflectorToClient, BgpMessageType.Update) > updates, StepTimeout, "withdrawal of one path").ConfigureAwait(false);
        updates = Count(relay.Messages, ReflectorToClient, BgpMessageType.Update);
        await reflector.BirdcAsync("enable", "pathy4").ConfigureAwait(false);
        await relay.WaitForAsync(m => Count(m, ReflectorToClient, BgpMessageType.Update) > updates, StepTimeout, "re-announcement of the path").ConfigureAwait(false);

        var refreshes = Count(relay.Messages, ReflectorToClient, BgpMessageType.RouteRefresh);
        await client.BirdcAsync("reload", "in", ReflectorProtocol).ConfigureAwait(false);
        await relay.WaitForAsync(m => Count(m, ClientToReflector, BgpMessageType.RouteRefresh) > 0 &&
                                      Count(m, ReflectorToClient, BgpMessageType.RouteRefresh) >= refreshes + 2,
            StepTimeout, "ROUTE-REFRESH and the BoRR/EoRR answer").ConfigureAwait(false);

        var keepalives = Count(relay.Messages, ClientToReflector, BgpMessageType.Keepalive);
        await relay.WaitForAsync(m => Count(m, ClientToReflector, BgpMessageType.Keepalive) > keepalives &&
                                      Count(m, ReflectorToClient, BgpMessageType.Keepalive) > 1, StepTimeout, "periodic keepalives").ConfigureAwait(false);

        await reflector.BirdcAsync("disable", ClientProtocol, $"\"{ShutdownMessage}\"").ConfigureAwait(false);
        await relay.WaitForAsync(m => Count(m, ReflectorToClient, BgpMessageType.Notification) > 0, StepTimeout, "the NOTIFICATION").ConfigureAwait(false);
        await relay.AllConnectionsClosed().WaitAsync(StepTimeout).ConfigureAwait(false);
        return new CaptureResult(relay.Messages, header, relay.Errors);
    }

    public static int Count(IReadOnlyList<RecordedMessage> messages, string direction, BgpMessageType type) =>
        messages.Count(m => m.Direction == direction && m.Type == type);

    public static bool HasEndOfRib(IReadOnlyList<RecordedMessage> messages, string direction, Afi afi) =>
        messages.Any(m => m.Direction == direction && BgpMessageFacts.IsEndOfRib(m.Bytes, out var eorAfi) && eorAfi == afi);
}
