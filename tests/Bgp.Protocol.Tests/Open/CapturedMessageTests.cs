using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Tests.Capture;
using Xunit;

namespace Bgp.Protocol.Tests.Open;

/// <summary>OPEN, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH messages captured from BIRD 2 and GoBGP (Vectors/).</summary>
public sealed class CapturedMessageTests
{
    public static TheoryData<string> Opens => CapturedVectors.IdsOf(BgpMessageType.Open);

    public static TheoryData<string> Notifications => CapturedVectors.IdsOf(BgpMessageType.Notification);

    public static TheoryData<string> Keepalives => CapturedVectors.IdsOf(BgpMessageType.Keepalive);

    public static TheoryData<string> RouteRefreshes => CapturedVectors.IdsOf(BgpMessageType.RouteRefresh);

    [Theory]
    [MemberData(nameof(Opens))]
    public void CapturedOpen_Decodes_AndReencodesIdentically(string id)
    {
        var vector = CapturedVectors.Get(id);

        var open = OpenMessage.Decode(vector.Body, vector.Context);

        Assert.DoesNotContain(open.Capabilities, c => c is UnknownCapability);
        Assert.Equal(vector.Bytes, BgpMessageWriter.ToArray(open, default));
    }

    [Theory]
    [MemberData(nameof(Notifications))]
    public void CapturedNotification_IsAdministrativeShutdownWithText_AndReencodesIdentically(string id)
    {
        var vector = CapturedVectors.Get(id);

        var notification = NotificationMessage.Decode(vector.Body, vector.Context);

        Assert.Equal(NotificationCode.Cease, notification.Code);
        Assert.Equal((byte)CeaseSubcode.AdministrativeShutdown, notification.Subcode);
        Assert.True(notification.TryGetShutdownCommunication(out var text));
        Assert.False(string.IsNullOrEmpty(text));
        Assert.Equal(vector.Bytes, BgpMessageWriter.ToArray(notification, default));
    }

    [Theory]
    [MemberData(nameof(Keepalives))]
    public void CapturedKeepalive_Decodes(string id)
    {
        var vector = CapturedVectors.Get(id);

        Assert.Same(KeepaliveMessage.Instance, KeepaliveMessage.Decode(vector.Body, vector.Context));
    }

    [Theory]
    [MemberData(nameof(RouteRefreshes))]
    public void CapturedRouteRefresh_Decodes_AndReencodesIdentically(string id)
    {
        var vector = CapturedVectors.Get(id);

        var refresh = RouteRefreshMessage.Decode(vector.Body, vector.Context);

        Assert.False(refresh.ShouldBeIgnored);
        Assert.Equal(vector.Bytes, BgpMessageWriter.ToArray(refresh, default));
    }

    [Fact]
    public void CapturedGoBgpOpen_HasAsTrans_AndFourOctetAs()
    {
        var vector = CapturedVectors.Load().Single(v => v.Type == BgpMessageType.Open && v.Direction.StartsWith("gobgp>", StringComparison.Ordinal));

        var open = OpenMessage.Decode(vector.Body, vector.Context);

        Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        Assert.Equal(4_200_000_002u, open.EffectiveAs);
        Assert.NotNull(open.Capabilities.FindLast<FqdnCapability>());
        Assert.Equal(
            new ExtendedNextHopCapability([new(AddressFamily.Ipv4Unicast, Afi.Ipv6)]),
            open.Capabilities.FindLast<ExtendedNextHopCapability>());
    }
}
