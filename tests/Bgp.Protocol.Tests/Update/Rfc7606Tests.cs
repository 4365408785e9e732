using Xunit;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using static Bgp.Protocol.Tests.Update.UpdateBodies;

namespace Bgp.Protocol.Tests.Update;

/// <summary>One named case per RFC 7606 rule: the exact action and, for a reset, code/subcode/data.</summary>
public sealed class Rfc7606Tests
{
    private static UpdateMessage Decode(string attributes, string nlri = OneNlri, string withdrawn = "", DecodeContext? context = null) =>
        UpdateMessage.Decode(Body(withdrawn, attributes, nlri), context ?? Ibgp4);

    private static void AssertTreatAsWithdraw(UpdateMessage update, int withdrawnCount = 1)
    {
        Assert.Equal(Rfc7606Action.TreatAsWithdraw, update.Action);
        Assert.Empty(update.Nlri);
        Assert.Equal(withdrawnCount, update.Withdrawn.Count);
        Assert.Null(update.Notification);
        Assert.NotEmpty(update.Errors);
    }

    private static void AssertReset(UpdateMessage update, UpdateMessageErrorSubcode subcode, string dataHex)
    {
        Assert.Equal(Rfc7606Action.SessionReset, update.Action);
        Assert.NotNull(update.Notification);
        Assert.Equal(NotificationCode.UpdateMessageError, update.Notification.Code);
        Assert.Equal((byte)subcode, update.Notification.Subcode);
        Assert.Equal(dataHex, Convert.ToHexString(update.Notification.NotificationData.Span), ignoreCase: true);
    }

    [Fact]
    public void Clean_Update_HasNoAction()
    {
        var update = Decode(BaseAttributes4);
        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Empty(update.Errors);
        Assert.Single(update.Nlri);
    }

    [Fact]
    public void Update_WithDuplicateOrigin_KeepsFirst_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "40010102");
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Equal(Origin.Igp, update.Attributes.Origin);
        Assert.Single(update.Nlri);
    }

    [Fact]
    public void Update_WithDuplicateMpReach_SessionReset_3_1()
    {
        const string reach = "800e1a" + "000201" + "10" + "20010db8000000000000000000000001" + "00" + "2020010db8";
        var update = Decode(BaseAttributes4 + reach + reach, nlri: "");
        AssertReset(update, UpdateMessageErrorSubcode.MalformedAttributeList, "");
    }

    [Fact]
    public void Update_WithOriginFlaggedOptional_TreatAsWithdraw()
    {
        var update = Decode("c0010100" + "40020602010000fde9" + "400304c0000201");
        AssertTreatAsWithdraw(update);
    }

    [Fact]
    public void Update_WithAggregatorFlaggedWellKnown_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "400708" + "0000fde9c0000201");
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Null(update.Attributes.Aggregator);
        Assert.Single(update.Nlri);
    }

    [Theory]
    [InlineData("4001020000", "origin length 2")]
    [InlineData("40010103", "undefined origin value 3")]
    public void Update_WithMalformedOrigin_TreatAsWithdraw(string origin, string why)
    {
        _ = why;
        AssertTreatAsWithdraw(Decode(origin + "40020602010000fde9" + "400304c0000201"));
    }

    [Theory]
    [InlineData("4002020200", "segment length zero")]
    [InlineData("40020602020000fde9", "segment overruns")]
    [InlineData("40020605010000fde9", "unrecognized segment type 5")]
    [InlineData("40020702010000fde902", "one-octet underrun")]
    public void Update_WithMalformedAsPath_TreatAsWithdraw(string asPath, string why)
    {
        _ = why;
        AssertTreatAsWithdraw(Decode("40010100" + asPath + "400304c0000201"));
    }

    [Theory]
    [InlineData("400305c000020100")]
    [InlineData("40030400000000")]
    [InlineData("400304e0000001")]
    [InlineData("400304ffffffff")]
    public void Update_WithBadNextHop_TreatAsWithdraw(string nextHop) =>
        AssertTreatAsWithdraw(Decode("40010100" + "40020602010000fde9" + nextHop));

    [Fact]
    public void Update_WithMedLength3_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "800403000001"));

    [Fact]
    public void Update_WithLocalPrefFromExternalPeer_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "40050400000064", context: Ebgp4);
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Null(update.Attributes.LocalPref);
        Assert.Single(update.Nlri);
    }

    [Fact]
    public void Update_WithLocalPrefLength2FromInternalPeer_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "4005020064"));

    [Fact]
    public void Update_WithAtomicAggregateLength1_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "40060100");
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.False(update.Attributes.AtomicAggregate);
    }

    [Fact]
    public void Update_WithAggregatorLength6OnFourOctetSession_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "c00706fde9c0000201");
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Null(update.Attributes.Aggregator);
    }

    [Fact]
    public void Update_WithCommunitiesLength5_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "c008050000000100"));

    [Fact]
    public void Update_WithOriginatorIdLength3_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "800903010203"));

    [Fact]
    public void Update_WithOriginatorIdFromExternalPeer_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "80090401020304", context: Ebgp4);
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Null(update.Attributes.OriginatorId);
    }

    [Fact]
    public void Update_WithClusterListLength6_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "800a06010203040506"));

    [Fact]
    public void Update_WithExtendedCommunitiesLength12_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "c0100c000000000000000000000000"));

    [Fact]
    public void Update_WithLargeCommunityLength13_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "c0200d00000000000000000000000000"));

    [Theory]
    [InlineData("40020602010000fde9" + "400304c0000201", "01")]
    [InlineData("40010100" + "400304c0000201", "02")]
    [InlineData("40010100" + "40020602010000fde9", "03")]
    public void Update_MissingMandatoryAttribute_TreatAsWithdraw(string attributes, string missingType)
    {
        var update = Decode(attributes);
        AssertTreatAsWithdraw(update);
        Assert.Contains(update.Errors, e => e.Contains("missing", StringComparison.Ordinal));
        _ = missingType;
    }

    [Fact]
    public void Update_WithUnrecognizedWellKnown_SessionReset_3_2_WithAttributeAsData()
    {
        var update = Decode(BaseAttributes4 + "40630201ff");
        AssertReset(update, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute, "40630201ff");
    }

    [Fact]
    public void Update_WithDiscardAndWithdrawErrors_StrongestWins_TreatAsWithdraw() =>
        AssertTreatAsWithdraw(Decode(BaseAttributes4 + "40060100" + "800403000001"));

    [Fact]
    public void Update_WithWithdrawAndResetErrors_StrongestWins_SessionReset()
    {
        var update = Decode(BaseAttributes4 + "800403000001" + "40630201ff");
        AssertReset(update, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute, "40630201ff");
    }

    [Fact]
    public void Update_WithWithdrawnLengthOverrun_Throws_3_1()
    {
        var ex = Assert.Throws<BgpNotificationException>(() => UpdateMessage.Decode(Convert.FromHexString("00100000"), Ibgp4));
        Assert.Equal(NotificationCode.UpdateMessageError, ex.Code);
        Assert.Equal((byte)UpdateMessageErrorSubcode.MalformedAttributeList, ex.Subcode);
        Assert.True(ex.NotificationData.IsEmpty);
    }

    [Fact]
    public void Update_WithAttributeLengthOverrun_Throws_3_1()
    {
        var ex = Assert.Throws<BgpNotificationException>(() => UpdateMessage.Decode(Convert.FromHexString("0000000540010100"), Ibgp4));
        Assert.Equal((byte)UpdateMessageErrorSubcode.MalformedAttributeList, ex.Subcode);
    }

    [Theory]
    [InlineData("210a000000", "")]
    [InlineData("180a00", "")]
    [InlineData("", "210a000000")]
    public void Update_WithSyntacticallyIncorrectNlriOrWithdrawn_Throws_3_10(string nlri, string withdrawn)
    {
        var ex = Assert.Throws<BgpNotificationException>(() => Decode(nlri.Length > 0 ? BaseAttributes4 : "", nlri, withdrawn));
        Assert.Equal(NotificationCode.UpdateMessageError, ex.Code);
        Assert.Equal((byte)UpdateMessageErrorSubcode.InvalidNetworkField, ex.Subcode);
    }

    [Fact]
    public void Update_WithAttributeOverrunningAttributeList_TreatAsWithdraw_NlriStillLocated()
    {
        // RFC 7606 §4: the last attribute claims 9 octets but only 4 remain.
        var update = Decode(BaseAttributes4 + "c0080901020304");
        AssertTreatAsWithdraw(update);
        Assert.Equal(V4("10.0.0.0/24"), update.Withdrawn[0]);
    }

    [Fact]
    public void Update_WithMpReachBadNextHopLength_AfiSafiDisable_3_9()
    {
        const string reach = "800e0a" + "000201" + "05" + "0102030405" + "00";
        var update = Decode("40010100" + "40020602010000fde9" + reach, nlri: "");
        Assert.Equal(Rfc7606Action.AfiSafiDisable, update.Action);
        Assert.Equal(AddressFamily.Ipv6Unicast, update.DisabledFamily);
        Assert.NotNull(update.Notification);
        Assert.Equal((byte)UpdateMessageErrorSubcode.OptionalAttributeError, update.Notification.Subcode);
        Assert.Equal(reach, Convert.ToHexString(update.Notification.NotificationData.Span), ignoreCase: true);
    }

    [Fact]
    public void Update_WithMpReachTooShort_SessionReset_3_9()
    {
        var update = Decode(BaseAttributes4 + "800e0400020110");
        AssertReset(update, UpdateMessageErrorSubcode.OptionalAttributeError, "800e0400020110");
    }

    [Fact]
    public void Update_WithMpUnreachNlriOverrun_AfiSafiDisable()
    {
        var update = Decode("800f06000201" + "402001", nlri: "");
        Assert.Equal(Rfc7606Action.AfiSafiDisable, update.Action);
        Assert.Equal(AddressFamily.Ipv6Unicast, update.DisabledFamily);
    }

    [Fact]
    public void Update_WithMpReachFlaggedTransitive_AfiSafiDisable()
    {
        const string reach = "c00e" + "1a" + "000201" + "10" + "20010db8000000000000000000000001" + "00" + "2020010db8";
        var update = Decode("40010100" + "40020602010000fde9" + reach, nlri: "");
        Assert.Equal(Rfc7606Action.AfiSafiDisable, update.Action);
        Assert.Equal((byte)UpdateMessageErrorSubcode.AttributeFlagsError, update.Notification!.Subcode);
    }

    [Fact]
    public void Update_WithErrorButNoReachableNlri_SessionReset_Rfc7606_5_2()
    {
        // Only withdrawn routes plus a malformed MED: the NLRI cannot be trusted (RFC 7606 §5.2).
        var update = Decode("800403000001", nlri: "", withdrawn: OneNlri);
        AssertReset(update, UpdateMessageErrorSubcode.AttributeLengthError, "800403000001");
    }

    [Fact]
    public void Update_TreatAsWithdraw_MovesMpReachNlriToMpUnreach()
    {
        const string reach = "800e" + "21" + "000201" + "10" + "20010db8000000000000000000000001" + "00" + "2020010db8" + "30200100000001";
        var update = Decode("40010100" + "40020602010000fde9" + reach + "800403000001", nlri: "");
        Assert.Equal(Rfc7606Action.TreatAsWithdraw, update.Action);
        Assert.Null(update.Attributes.MpReach);
        Assert.NotNull(update.Attributes.MpUnreach);
        Assert.Equal(AddressFamily.Ipv6Unicast, update.Attributes.MpUnreach.Family);
        Assert.Equal(2, update.Attributes.MpUnreach.Withdrawn.Count);
    }

    [Fact]
    public void Update_WithAs4PathOnFourOctetSession_AttributeDiscard()
    {
        var update = Decode(BaseAttributes4 + "c0110602010000fdea");
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Equal("65001", update.Attributes.AsPath!.ToString());
    }

    [Fact]
    public void Update_WithMalformedAs4Path_OnTwoOctetSession_AttributeDiscard()
    {
        var update = Decode(BaseAttributes2 + "c0110402010000", context: Ibgp2);
        Assert.Equal(Rfc7606Action.AttributeDiscard, update.Action);
        Assert.Equal("65001", update.Attributes.AsPath!.ToString());
    }

    [Fact]
    public void Update_WithUnknownOptionalNonTransitive_IsDropped_NoError()
    {
        var update = Decode(BaseAttributes4 + "80630201ff");
        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Empty(update.Attributes.Unknown);
    }
}
