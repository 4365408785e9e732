using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    [Fact]
    public void Parse_MinimalFile_TakesTheDocumentedDefaults()
    {
        SpeakerOptions options = ConfigLoader.Parse(
            """{ "localAs": 64512, "routerId": "192.0.2.1", "peers": [ { "address": "192.0.2.2", "remoteAs": 64512 } ] }""", "min.json");

        Assert.Equal(64512u, options.LocalAs);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), options.RouterId);
        Assert.Equal(new ListenOptions { Address = IPAddress.IPv6Any, Port = 179 }, options.Listen);
        PeerOptions peer = Assert.Single(options.Peers);
        var expected = new PeerOptions { Name = "192.0.2.2", Address = IPAddress.Parse("192.0.2.2"), RemoteAs = 64512 };
        Assert.Equal(expected, peer);
        Assert.Equal(179, peer.Port);
        Assert.Equal(ConnectionMode.Both, peer.Mode);
        Assert.Equal(TimeSpan.FromSeconds(90), peer.HoldTime);
        Assert.Null(peer.KeepaliveTime);
        Assert.Equal(TimeSpan.FromSeconds(5), peer.ConnectRetryTime);
        Assert.Equal(0.25, peer.ConnectRetryJitter);
        Assert.Equal([AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], peer.Families);
        Assert.Empty(peer.AddPath);
        Assert.True(peer.ExtendedMessages && peer.RouteRefresh && peer.EnhancedRouteRefresh);
        Assert.Equal(TimeSpan.FromSeconds(120), peer.GracefulRestart?.RestartTime);
        Assert.Null(peer.LongLivedStaleTime);
        Assert.Null(peer.Password);
        Assert.Null(peer.TtlSecurityHops);
        Assert.Null(peer.MultihopTtl);
        Assert.False(peer.Shutdown);
        Assert.Equal(0, peer.MaxPrefixes);
    }

    [Fact]
    public void Parse_EveryField_RoundTripsIntoOptions()
    {
        const string Json = """
            // bgpd configuration with every field set
            {
              "localAs": 4200000001,
              "routerId": "192.0.2.1",
              "listen": { "address": "127.0.0.1", "port": 1179 },
              "peers": [
                {
                  "name": "tor-a",
                  "address": "192.0.2.254",
                  "port": 1180,
                  "remoteAs": 65000,
                  "localAs": 4200000002,
                  "mode": "passive",
                  "sourceAddress": "192.0.2.1",
                  "holdTime": 9,
                  "keepaliveTime": 3,
                  "connectRetryTime": 2,
                  "connectRetryJitter": 0,
                  "delayOpenTime": 4,
                  "families": ["ipv6-unicast", "ipv4-unicast"],
                  "addPath": { "ipv4-unicast": "send", "ipv6-unicast": "receive" },
                  "extendedMessages": false,
                  "routeRefresh": false,
                  "enhancedRouteRefresh": false,
                  "gracefulRestart": { "restartTime": 300 },
                  "longLivedStaleTime": 86400,
                  "requiredCapabilities": ["four-octet-as", "add-path", "four-octet-as"],
                  "password": "s3cret",
                  "ttlSecurity": 1,
                  "shutdown": true,
                  "maxPrefixes": 1000,
                  "description": "top of rack A", /* trailing commas are fine */
                },
              ],
            }
            """;

        SpeakerOptions options = ConfigLoader.Parse(Json, "full.json");

        Assert.Equal(4200000001u, options.LocalAs);
        Assert.Equal(new ListenOptions { Address = IPAddress.Loopback, Port = 1179 }, options.Listen);
        var expected = new PeerOptions
        {
            Name = "tor-a",
            Address = IPAddress.Parse("192.0.2.254"),
            Port = 1180,
            RemoteAs = 65000,
            LocalAs = 4200000002,
            Mode = ConnectionMode.Passive,
            SourceAddress = IPAddress.Parse("192.0.2.1"),
            HoldTime = TimeSpan.FromSeconds(9),
            KeepaliveTime = TimeSpan.FromSeconds(3),
            ConnectRetryTime = TimeSpan.FromSeconds(2),
            ConnectRetryJitter = 0,
            DelayOpenTime = TimeSpan.FromSeconds(4),
            Families = [AddressFamily.Ipv6Unicast, AddressFamily.Ipv4Unicast],
            AddPath = [new(AddressFamily.Ipv4Unicast, AddPathDirection.Send), new(AddressFamily.Ipv6Unicast, AddPathDirection.Receive)],
            ExtendedMessages = false,
            RouteRefresh = false,
            EnhancedRouteRefresh = false,
            GracefulRestart = new GracefulRestartOptions { RestartTime = TimeSpan.FromSeconds(300) },
            LongLivedStaleTime = TimeSpan.FromDays(1),
            RequiredCapabilities = [CapabilityCode.FourOctetAs, CapabilityCode.AddPath],
            Password = "s3cret",
            TtlSecurityHops = 1,
            Shutdown = true,
            MaxPrefixes = 1000,
            Description = "top of rack A",
        };
        Assert.Equal(expected, Assert.Single(options.Peers));
    }

    [Fact]
    public void Parse_PeerDefaults_ApplyUnlessThePeerSetsTheField()
    {
        SpeakerOptions options = ConfigLoader.Parse(
            """
            {
              "localAs": 64512, "routerId": "192.0.2.1",
              "peerDefaults": { "remoteAs": 64512, "holdTime": 30, "password": "mesh", "gracefulRestart": false },
              "peers": [
                { "address": "192.0.2.2" },
                { "address": "192.0.2.3", "holdTime": 0, "remoteAs": 65000 }
              ]
            }
            """, "defaults.json");

        PeerOptions first = options.Peers[0], second = options.Peers[1];
        Assert.Equal((64512u, TimeSpan.FromSeconds(30), "mesh"), (first.RemoteAs, first.HoldTime, first.Password));
        Assert.Null(first.GracefulRestart);
        Assert.Equal((65000u, TimeSpan.Zero, "mesh"), (second.RemoteAs, second.HoldTime, second.Password));
    }

    [Fact]
    public void Parse_ListenFalse_DisablesListening()
    {
        SpeakerOptions options = ConfigLoader.Parse("""{ "localAs": 64512, "routerId": "192.0.2.1", "listen": false }""", "x.json");

        Assert.Null(options.Listen);
        Assert.Empty(options.Peers);
    }

    [Fact]
    public void Parse_GracefulRestartTrue_UsesTheDefaultRestartTime()
    {
        SpeakerOptions options = ConfigLoader.Parse(
            """{ "localAs": 64512, "routerId": "192.0.2.1", "peers": [ { "address": "2001:db8::2", "remoteAs": 65000, "gracefulRestart": true, "multihop": 3 } ] }""", "x.json");

        PeerOptions peer = Assert.Single(options.Peers);
        Assert.Equal(new GracefulRestartOptions(), peer.GracefulRestart);
        Assert.Equal(3, peer.MultihopTtl);
        Assert.Equal("2001:db8::2", peer.Name);
    }

    [Fact]
    public void Load_SetsSourcePath_AndTheSameFileLoadsEqual()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bgpd-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "localAs": 64512, "routerId": "192.0.2.1", "peers": [ { "address": "192.0.2.2", "remoteAs": 65000 } ] }""");
        try
        {
            SpeakerOptions first = ConfigLoader.Load(path);
            SpeakerOptions second = ConfigLoader.Load(path);

            Assert.Equal(path, first.SourcePath);
            Assert.Equal(first, second);
            Assert.Equal(first.Peers[0], second.Peers[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
