using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Xunit;

namespace Bgp.Speaker.Tests.Sessions;

/// <summary>One named case per negotiation rule (RFC 4271 §4.2/§6.2, RFC 5492, RFC 6793, RFC 4760, RFC 7911, RFC 8654).</summary>
public sealed class OpenNegotiationTests
{
    private const uint LocalAs = 65001;
    private const uint RemoteAs = 65002;
    private static readonly LocalSpeaker Local = new(LocalAs, IPAddress.Parse("10.0.0.1"));
    private static readonly uint PeerId = LocalSpeaker.ToBgpIdentifier(IPAddress.Parse("10.0.0.2"));

    private static PeerOptions Options(Func<PeerOptions, PeerOptions>? change = null)
    {
        var options = new PeerOptions { Name = "peer", Address = IPAddress.Loopback, RemoteAs = RemoteAs };
        return change is null ? options : change(options);
    }

    private static OpenMessage Theirs(uint asNumber = RemoteAs, ushort hold = 90, uint id = 0, params Capability[] caps) =>
        OpenMessage.Create(asNumber, hold, id == 0 ? PeerId : id, caps);

    private static NegotiatedSession Negotiate(PeerOptions options, OpenMessage theirs) =>
        OpenNegotiation.Negotiate(OpenBuilder.Build(options, Local), theirs, options, Local);

    private static BgpNotificationException Refused(PeerOptions options, OpenMessage theirs) =>
        Assert.Throws<BgpNotificationException>(() => Negotiate(options, theirs));

    [Fact]
    public void Open_WithBadPeerAs_SendsNotification_2_2_WithTheMyAsField()
    {
        var error = Refused(Options(), Theirs(asNumber: 65099));

        Assert.Equal(NotificationCode.OpenMessageError, error.Code);
        Assert.Equal((byte)OpenMessageErrorSubcode.BadPeerAs, error.Subcode);
        Assert.Equal("FE4B", Convert.ToHexString(error.NotificationData.Span));
    }

    [Fact]
    public void Open_FourOctetAsInCapability_IsTheEffectiveAs_NotAsTrans()
    {
        var options = Options(o => o with { RemoteAs = 4_200_000_001 });

        var session = Negotiate(options, Theirs(asNumber: 4_200_000_001));

        Assert.Equal(4_200_000_001u, session.PeerAs);
        Assert.True(session.FourOctetAs);
    }

    [Fact]
    public void Open_FourOctetAsInCapability_Wrong_SendsNotification_2_2_WithAsTrans()
    {
        var options = Options(o => o with { RemoteAs = 4_200_000_001 });

        var error = Refused(options, Theirs(asNumber: 4_200_000_002));

        Assert.Equal((byte)OpenMessageErrorSubcode.BadPeerAs, error.Subcode);
        Assert.Equal("5BA0", Convert.ToHexString(error.NotificationData.Span));
    }

    [Fact]
    public void Open_WithoutFourOctetCapability_UsesMyAs_AndNegotiatesTwoOctet()
    {
        var theirs = new OpenMessage { MyAs = (ushort)RemoteAs, HoldTime = 90, BgpIdentifier = PeerId };

        var session = Negotiate(Options(), theirs);

        Assert.Equal(RemoteAs, session.PeerAs);
        Assert.False(session.FourOctetAs);
    }

    [Fact]
    public void Open_Ibgp_WithOurBgpIdentifier_SendsNotification_2_3()
    {
        var options = Options(o => o with { RemoteAs = LocalAs });

        var error = Refused(options, Theirs(asNumber: LocalAs, id: Local.BgpIdentifier));

        Assert.Equal((byte)OpenMessageErrorSubcode.BadBgpIdentifier, error.Subcode);
        Assert.Equal("0A000001", Convert.ToHexString(error.NotificationData.Span));
    }

    [Fact]
    public void Open_Ebgp_WithOurBgpIdentifier_IsAccepted_Rfc6286()
    {
        var session = Negotiate(Options(), Theirs(id: Local.BgpIdentifier));

        Assert.Equal(Local.RouterId, session.PeerRouterId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Open_WithHoldTimeOneOrTwo_SendsNotification_2_6(ushort hold)
    {
        var error = Refused(Options(), new OpenMessage { MyAs = (ushort)RemoteAs, HoldTime = hold, BgpIdentifier = PeerId });

        Assert.Equal((byte)OpenMessageErrorSubcode.UnacceptableHoldTime, error.Subcode);
    }

    [Fact]
    public void Open_MissingRequiredCapability_SendsNotification_2_7_WithOurCapabilityTlv()
    {
        var options = Options(o => o with { RequiredCapabilities = [CapabilityCode.RouteRefresh, CapabilityCode.FourOctetAs] });
        var theirs = new OpenMessage { MyAs = (ushort)RemoteAs, HoldTime = 90, BgpIdentifier = PeerId };

        var error = Refused(options, theirs);

        Assert.Equal((byte)OpenMessageErrorSubcode.UnsupportedCapability, error.Subcode);
        Assert.Equal("0200" + "41040000FDE9", Convert.ToHexString(error.NotificationData.Span));
    }

    [Fact]
    public void Open_MissingRequiredCapability_WeDidNotSend_DataIsTheBareCode()
    {
        var options = Options(o => o with { RequiredCapabilities = [CapabilityCode.AddPath] });

        var error = Refused(options, Theirs());

        Assert.Equal("4500", Convert.ToHexString(error.NotificationData.Span));
    }

    [Fact]
    public void Open_RequiredCapabilityPresent_IsAccepted()
    {
        var options = Options(o => o with { RequiredCapabilities = [CapabilityCode.RouteRefresh] });

        Negotiate(options, Theirs(caps: RouteRefreshCapability.Instance));
    }

    [Theory]
    [InlineData(90, 90, 90, 30)]
    [InlineData(90, 30, 30, 10)]
    [InlineData(9, 240, 9, 3)]
    [InlineData(90, 0, 0, 0)]
    [InlineData(0, 90, 0, 0)]
    public void HoldTime_IsTheSmaller_KeepaliveIsAThird(int ours, ushort theirs, int hold, int keepalive)
    {
        var options = Options(o => o with { HoldTime = TimeSpan.FromSeconds(ours) });

        var session = Negotiate(options, Theirs(hold: theirs));

        Assert.Equal(TimeSpan.FromSeconds(hold), session.HoldTime);
        Assert.Equal(TimeSpan.FromSeconds(keepalive), session.KeepaliveTime);
    }

    [Theory]
    [InlineData(10, 10)]
    [InlineData(60, 30)]
    [InlineData(0, 30)]
    public void Keepalive_Configured_IsUsedOnlyBelowAThirdOfHold(int configured, int expected)
    {
        var options = Options(o => o with { KeepaliveTime = TimeSpan.FromSeconds(configured) });

        var session = Negotiate(options, Theirs(hold: 90));

        Assert.Equal(TimeSpan.FromSeconds(expected), session.KeepaliveTime);
    }

    public static TheoryData<string, AddressFamily[], AddressFamily[]?, AddressFamilySet> FamilyCases => new()
    {
        { "both v4+v6", [AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], [AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], AddressFamilySet.All },
        { "peer v6 only", [AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], [AddressFamily.Ipv6Unicast], AddressFamilySet.Ipv6Unicast },
        { "peer sends no MP capability: IPv4 unicast", [AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast], null, AddressFamilySet.Ipv4Unicast },
        { "we send no MP capability, peer v6 only: none", [], [AddressFamily.Ipv6Unicast], AddressFamilySet.None },
        { "disjoint", [AddressFamily.Ipv4Unicast], [AddressFamily.Ipv6Unicast], AddressFamilySet.None },
    };

    [Theory]
    [MemberData(nameof(FamilyCases))]
    public void Families_AreTheIntersection(string name, AddressFamily[] ours, AddressFamily[]? theirs, AddressFamilySet expected)
    {
        _ = name;
        var options = Options(o => o with { Families = ours });
        var caps = theirs?.Select(f => (Capability)new MultiprotocolCapability(f)).ToArray() ?? [];

        var session = Negotiate(options, Theirs(caps: caps));

        Assert.Equal(expected, session.Families);
    }

    public static TheoryData<string, AddPathDirection, AddPathDirection, AddressFamilySet, AddressFamilySet> AddPathCases => new()
    {
        { "we receive, peer sends", AddPathDirection.Receive, AddPathDirection.Send, AddressFamilySet.Ipv4Unicast, AddressFamilySet.None },
        { "we send, peer receives", AddPathDirection.Send, AddPathDirection.Receive, AddressFamilySet.None, AddressFamilySet.Ipv4Unicast },
        { "both ways", AddPathDirection.Both, AddPathDirection.Both, AddressFamilySet.Ipv4Unicast, AddressFamilySet.Ipv4Unicast },
        { "both receive only: nothing", AddPathDirection.Receive, AddPathDirection.Receive, AddressFamilySet.None, AddressFamilySet.None },
        { "peer silent: nothing", AddPathDirection.Both, AddPathDirection.None, AddressFamilySet.None, AddressFamilySet.None },
    };

    [Theory]
    [MemberData(nameof(AddPathCases))]
    public void AddPath_PerFamily_Rfc7911(string name, AddPathDirection ours, AddPathDirection theirs,
        AddressFamilySet receive, AddressFamilySet send)
    {
        _ = name;
        var options = Options(o => o with { AddPath = [new AddPathFamily(AddressFamily.Ipv4Unicast, ours)] });
        Capability[] caps = theirs == AddPathDirection.None
            ? [new MultiprotocolCapability(AddressFamily.Ipv4Unicast)]
            : [new MultiprotocolCapability(AddressFamily.Ipv4Unicast),
               new AddPathCapability([new AddPathFamily(AddressFamily.Ipv4Unicast, theirs)])];

        var session = Negotiate(options, Theirs(caps: caps));

        Assert.Equal(receive, session.AddPathReceive);
        Assert.Equal(send, session.AddPathSend);
        Assert.Equal(receive, session.ToDecodeContext().AddPathReceive);
        Assert.Equal(send, session.ToEncodeContext().AddPathSend);
    }

    [Fact]
    public void AddPath_ForAFamilyNotNegotiated_IsDropped()
    {
        var options = Options(o => o with { AddPath = [new AddPathFamily(AddressFamily.Ipv6Unicast, AddPathDirection.Both)] });
        Capability[] caps = [new MultiprotocolCapability(AddressFamily.Ipv4Unicast),
            new AddPathCapability([new AddPathFamily(AddressFamily.Ipv6Unicast, AddPathDirection.Both)])];

        var session = Negotiate(options, Theirs(caps: caps));

        Assert.Equal(AddressFamilySet.None, session.AddPathReceive);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void ExtendedMessagesAndRouteRefresh_NeedBothSides(bool ours, bool theirs, bool expected)
    {
        var options = Options(o => o with { ExtendedMessages = ours, RouteRefresh = ours, EnhancedRouteRefresh = ours });
        Capability[] caps = theirs
            ? [ExtendedMessageCapability.Instance, RouteRefreshCapability.Instance, EnhancedRouteRefreshCapability.Instance]
            : [];

        var session = Negotiate(options, Theirs(caps: caps));

        Assert.Equal(expected, session.ExtendedMessages);
        Assert.Equal(expected, session.RouteRefresh);
        Assert.Equal(expected, session.EnhancedRouteRefresh);
        Assert.Equal(expected ? BgpConstants.ExtendedMaxMessageLength : BgpConstants.MaxMessageLength,
            session.ToDecodeContext().MaxMessageLength);
    }

    [Fact]
    public void GracefulRestart_PeerCapabilitiesAreKept()
    {
        var gr = new GracefulRestartCapability(true, false, 120, [new GracefulRestartFamily(AddressFamily.Ipv4Unicast, true)]);
        var llgr = new LongLivedGracefulRestartCapability([new LongLivedGracefulRestartFamily(AddressFamily.Ipv4Unicast, false, 3600)]);

        var session = Negotiate(Options(), Theirs(caps: [gr, llgr]));

        Assert.Equal(gr, session.PeerGracefulRestart);
        Assert.Equal(llgr, session.PeerLongLivedGracefulRestart);
    }
}
