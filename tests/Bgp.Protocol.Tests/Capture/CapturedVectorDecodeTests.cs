using Bgp.Protocol.Capture;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// Every message a real BIRD 2 or GoBGP sent (Vectors/*.txt) must decode without any error under
/// the session's negotiated flags, and re-encode to the very same bytes.
/// </summary>
public sealed class CapturedVectorDecodeTests
{
    public static TheoryData<string> Opens => CapturedVectors.IdsOf(BgpMessageType.Open);
    public static TheoryData<string> Updates => CapturedVectors.IdsOf(BgpMessageType.Update);
    public static TheoryData<string> Notifications => CapturedVectors.IdsOf(BgpMessageType.Notification);
    public static TheoryData<string> Keepalives => CapturedVectors.IdsOf(BgpMessageType.Keepalive);
    public static TheoryData<string> RouteRefreshes => CapturedVectors.IdsOf(BgpMessageType.RouteRefresh);

    [Theory]
    [MemberData(nameof(Opens))]
    public void CapturedOpen_Decodes_AndReencodesIdentically(string id)
    {
        var vector = CapturedVectors.Get(id);

        var open = OpenMessage.Decode(vector.Body, vector.Context);

        Assert.Equal(BgpConstants.Version, open.Version);
        Assert.DoesNotContain(open.Capabilities, c => c is UnknownCapability);
        AssertReencodes(vector, open);
    }

    [Theory]
    [MemberData(nameof(Opens))]
    public void CapturedOpen_CapabilitiesMatchTheVectorFlags(string id)
    {
        var vector = CapturedVectors.Get(id);
        var open = OpenMessage.Decode(vector.Body, vector.Context);
        var peerOpen = CapturedVectors.Load()
            .First(v => v.Source == vector.Source && v.Type == BgpMessageType.Open && v.Direction != vector.Direction);
        var peer = OpenMessage.Decode(peerOpen.Body, peerOpen.Context);

        Assert.Equal(vector.Flags.ExternalPeer, open.EffectiveAs != peer.EffectiveAs);
        if (vector.Flags.FourOctetAs && open.EffectiveAs > ushort.MaxValue)
        {
            // RFC 6793 §4.2.3: a 4-octet-only AS puts AS_TRANS into My Autonomous System.
            Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        }
    }

    [Theory]
    [MemberData(nameof(Updates))]
    public void CapturedUpdate_Decodes_WithoutErrors(string id)
    {
        var vector = CapturedVectors.Get(id);

        var update = UpdateMessage.Decode(vector.Body, vector.Context);

        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Empty(update.Errors);
        Assert.Null(update.Notification);
    }

    /// <summary>
    /// Real speakers choose their own attribute order (GoBGP puts MP_REACH_NLRI after AS_PATH) and
    /// may set Extended Length on short attributes (BIRD does for MP_(UN)REACH_NLRI), so the bytes
    /// of a re-encoding may differ there, and only there: withdrawn routes, NLRI and every
    /// attribute's type, flags (but Extended Length) and value must come back identical, except that
    /// unknown optional non-transitive attributes (GoBGP's AIGP) are dropped (RFC 4271 §5).
    /// </summary>
    [Theory]
    [MemberData(nameof(Updates))]
    public void CapturedUpdate_Reencodes_SameAttributesAndNlri(string id)
    {
        var vector = CapturedVectors.Get(id);
        var update = UpdateMessage.Decode(vector.Body, vector.Context);

        var encoded = BgpMessageWriter.ToArray(update, vector.Flags.ToEncodeContext());

        var original = RawUpdate.Split(vector.Bytes);
        var reencoded = RawUpdate.Split(encoded);
        Assert.Equal(Convert.ToHexString(original.Withdrawn), Convert.ToHexString(reencoded.Withdrawn));
        Assert.Equal(Convert.ToHexString(original.Nlri), Convert.ToHexString(reencoded.Nlri));
        Assert.Equal(original.NormalizedAttributes(withoutUnknownNonTransitive: true), reencoded.NormalizedAttributes());
        Assert.Equal(update, UpdateMessage.Decode(encoded.AsSpan(BgpConstants.HeaderLength), vector.Context));
    }

    [Theory]
    [MemberData(nameof(Notifications))]
    public void CapturedNotification_IsAdministrativeShutdown_WithShutdownCommunication(string id)
    {
        var vector = CapturedVectors.Get(id);

        var notification = NotificationMessage.Decode(vector.Body, vector.Context);

        Assert.Equal(NotificationCode.Cease, notification.Code);
        Assert.Equal((byte)CeaseSubcode.AdministrativeShutdown, notification.Subcode);
        // RFC 8203/9003: a length octet, then the UTF-8 message BIRD was given.
        Assert.Equal("capture finished", System.Text.Encoding.UTF8.GetString(notification.Data.Span[1..]));
        AssertReencodes(vector, notification);
    }

    [Theory]
    [MemberData(nameof(Keepalives))]
    public void CapturedKeepalive_Decodes_AndReencodesIdentically(string id)
    {
        var vector = CapturedVectors.Get(id);

        AssertReencodes(vector, KeepaliveMessage.Decode(vector.Body, vector.Context));
    }

    [Theory]
    [MemberData(nameof(RouteRefreshes))]
    public void CapturedRouteRefresh_Decodes_AndReencodesIdentically(string id)
    {
        var vector = CapturedVectors.Get(id);

        var refresh = RouteRefreshMessage.Decode(vector.Body, vector.Context);

        Assert.False(refresh.ShouldBeIgnored);
        AssertReencodes(vector, refresh);
    }

    [Fact]
    public void CapturedGoBgpOpen_HasAsTrans_AndFourOctetAs()
    {
        var vector = CapturedVectors.Load().First(v => v.Type == BgpMessageType.Open && v.Direction.StartsWith("gobgp>", StringComparison.Ordinal));

        var open = OpenMessage.Decode(vector.Body, vector.Context);

        // RFC 6793 §4.2.3: a 4-octet-only AS puts AS_TRANS in My Autonomous System.
        Assert.Equal(BgpConstants.AsTrans, open.MyAs);
        Assert.Equal(4_200_000_002u, open.EffectiveAs);
        Assert.NotNull(open.Capabilities.FindLast<FqdnCapability>());
        Assert.Equal(
            new ExtendedNextHopCapability([new(AddressFamily.Ipv4Unicast, Afi.Ipv6)]),
            open.Capabilities.FindLast<ExtendedNextHopCapability>());
    }

    private static void AssertReencodes(CapturedMessage vector, IBgpMessage message)
    {
        var encoded = BgpMessageWriter.ToArray(message, vector.Flags.ToEncodeContext());
        Assert.Equal(Convert.ToHexString(vector.Bytes), Convert.ToHexString(encoded));
    }
}
