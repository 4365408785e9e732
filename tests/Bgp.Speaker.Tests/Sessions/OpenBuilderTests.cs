using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Xunit;

namespace Bgp.Speaker.Tests.Sessions;

public sealed class OpenBuilderTests
{
    private static readonly LocalSpeaker Local = new(4_200_000_001, IPAddress.Parse("192.0.2.1"));

    [Fact]
    public void Build_DefaultOptions_OffersEveryConfiguredCapability_AndAsTrans()
    {
        var options = new PeerOptions { Name = "p", Address = IPAddress.Loopback, RemoteAs = 65000 };

        var open = OpenBuilder.Build(options, Local);

        Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        Assert.Equal(90, open.HoldTime);
        Assert.Equal(Local.BgpIdentifier, open.BgpIdentifier);
        Assert.Equal([AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], open.Capabilities.MultiprotocolFamilies());
        Assert.True(open.Capabilities.Has<RouteRefreshCapability>());
        Assert.True(open.Capabilities.Has<EnhancedRouteRefreshCapability>());
        Assert.True(open.Capabilities.Has<ExtendedMessageCapability>());
        Assert.Equal(4_200_000_001u, open.Capabilities.FindLast<FourOctetAsCapability>()!.As);
        var gr = open.Capabilities.FindLast<GracefulRestartCapability>()!;
        Assert.Equal(120, gr.RestartTime);
        Assert.False(gr.RestartState);
        Assert.Equal(2, gr.Families.Count);
        Assert.False(open.Capabilities.Has<AddPathCapability>());
        Assert.False(open.Capabilities.Has<LongLivedGracefulRestartCapability>());
    }

    [Fact]
    public void Build_WithAddPathLlgrAndRestarting_SetsThemAndRoundTrips()
    {
        var options = new PeerOptions
        {
            Name = "p", Address = IPAddress.Loopback, RemoteAs = 65000, LocalAs = 65010,
            AddPath = [new AddPathFamily(AddressFamily.Ipv4Unicast, AddPathDirection.Both)],
            LongLivedStaleTime = TimeSpan.FromHours(1),
            ExtendedMessages = false,
        };

        var open = OpenBuilder.Build(options, Local, restarting: true, forwardingPreserved: true);
        var bytes = BgpMessageWriter.ToArray(open, default);
        var decoded = (OpenMessage)BgpMessageDecoder.Decode(bytes, default);

        Assert.Equal(open, decoded);
        Assert.Equal(65010, decoded.MyAs);
        Assert.True(decoded.Capabilities.FindLast<GracefulRestartCapability>()!.RestartState);
        Assert.Equal(AddPathDirection.Both, decoded.Capabilities.FindLast<AddPathCapability>()!.DirectionFor(AddressFamily.Ipv4Unicast));
        Assert.Equal(3600u, decoded.Capabilities.FindLast<LongLivedGracefulRestartCapability>()!.Families[0].StaleTime);
        Assert.False(decoded.Capabilities.Has<ExtendedMessageCapability>());
    }
}
