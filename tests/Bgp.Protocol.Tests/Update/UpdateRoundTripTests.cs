using Xunit;
using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Protocol.Tests.Attributes;
using static Bgp.Protocol.Tests.Update.UpdateBodies;

namespace Bgp.Protocol.Tests.Update;

/// <summary>
/// Encode → decode → equal, and hex → decode → encode → identical bytes. Re-encoding is canonical
/// (MP attributes first, others by type code, Extended Length only above 255 octets), so the
/// byte-identical vectors below are in canonical form.
/// </summary>
public sealed class UpdateRoundTripTests
{
    private static UpdateMessage RoundTrip(UpdateMessage update, EncodeContext encode)
    {
        var bytes = BgpMessageWriter.ToArray(update, encode);
        var decoded = UpdateMessage.Decode(BodyOf(bytes), encode.ToPeerDecodeContext());
        Assert.Equal(Rfc7606Action.None, decoded.Action);
        Assert.Equal(update, decoded);
        return decoded;
    }

    [Theory]
    [InlineData("0000" + "0014" + BaseAttributes4 + OneNlri)]
    [InlineData("0004" + "180a0001" + "0000")]
    [InlineData("0000" + "0034" + BaseAttributes4 + "800404000000c8" + "40050400000064" + "c00804fde90064" + "c0100800020000fde90001" + OneNlri)]
    public void Ipv4Vector_DecodesAndReencodesIdentically(string hex)
    {
        var body = Convert.FromHexString(hex);
        var update = UpdateMessage.Decode(body, Ibgp4);
        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Equal(hex, Convert.ToHexString(BodyOf(BgpMessageWriter.ToArray(update, Encode4))), ignoreCase: true);
    }

    [Fact]
    public void Ipv4Vector_DecodesFields()
    {
        var update = UpdateMessage.Decode(Body("", BaseAttributes4, OneNlri), Ibgp4);
        Assert.Equal(Origin.Igp, update.Attributes.Origin);
        Assert.Equal(AsPath.FromSequence(65001), update.Attributes.AsPath);
        Assert.Equal(0xC0000201u, update.Attributes.NextHop);
        Assert.Equal([V4("10.0.0.0/24")], update.Nlri);
    }

    [Fact]
    public void Ipv4Update_WithAllAttributes_RoundTrips()
    {
        var update = new UpdateMessage
        {
            Withdrawn = [V4("192.168.0.0/16")],
            Attributes = AttributeSamples.Full(),
            Nlri = [V4("10.0.0.0/8"), V4("10.1.2.0/24"), V4("0.0.0.0/0"), V4("10.1.2.3/32")],
        };
        RoundTrip(update, Encode4);
    }

    [Fact]
    public void Ipv6MpReach_WithLinkLocal_RoundTrips()
    {
        var reach = new MpReachNlri(AddressFamily.Ipv6Unicast,
            MpNextHop.FromIPAddress(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1")),
            [new NlriEntry(IpPrefix.Parse("2001:db8:1::/48")), new NlriEntry(IpPrefix.Parse("::/0"))]);
        var update = new UpdateMessage
        {
            Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001, 4200000000), MpReach = reach },
        };
        var decoded = RoundTrip(update, Encode4);
        Assert.True(decoded.Attributes.MpReach!.NextHop.HasLinkLocal);
        Assert.Equal(IPAddress.Parse("fe80::1"), decoded.Attributes.MpReach.NextHop.LinkLocalToIPAddress());
    }

    [Fact]
    public void Ipv4NlriOverIpv6NextHop_Rfc8950_RoundTrips()
    {
        var reach = new MpReachNlri(AddressFamily.Ipv4Unicast, MpNextHop.FromIPAddress(IPAddress.Parse("2001:db8::1")),
            [V4("10.0.0.0/24")]);
        var update = new UpdateMessage { Attributes = new PathAttributes { Origin = Origin.Egp, AsPath = AsPath.Empty, MpReach = reach } };
        var decoded = RoundTrip(update, Encode4);
        Assert.True(decoded.Attributes.MpReach!.NextHop.IsIpv6);
    }

    [Fact]
    public void AddPath_BothFamilies_RoundTrips()
    {
        var encode = new EncodeContext { FourOctetAs = true, AddPathSend = AddressFamilySet.All };
        var reach = new MpReachNlri(AddressFamily.Ipv6Unicast, MpNextHop.FromIPAddress(IPAddress.Parse("2001:db8::1")),
            [new NlriEntry(IpPrefix.Parse("2001:db8::/32"), 7), new NlriEntry(IpPrefix.Parse("2001:db8::/32"), 8)]);
        var update = new UpdateMessage
        {
            Withdrawn = [V4("10.9.0.0/16", 3)],
            Attributes = AttributeSamples.Base() is var b ? new PathAttributes { Origin = b.Origin, AsPath = b.AsPath, NextHop = b.NextHop, MpReach = reach } : null!,
            Nlri = [V4("10.0.0.0/24", 1), V4("10.0.0.0/24", 2)],
        };
        RoundTrip(update, encode);
    }

    [Fact]
    public void MpUnreach_RoundTrips()
    {
        var update = new UpdateMessage
        {
            Attributes = new PathAttributes { MpUnreach = new MpUnreachNlri(AddressFamily.Ipv6Unicast, [new NlriEntry(IpPrefix.Parse("2001:db8::/32"))]) },
        };
        RoundTrip(update, Encode4);
    }

    [Theory]
    [InlineData(AddressFamilyKind.Ipv4, "0000" + "0000")]
    [InlineData(AddressFamilyKind.Ipv6, "0000" + "0006" + "800f03000201")]
    public void EndOfRib_EncodesPerRfc4724_AndIsDetected(AddressFamilyKind kind, string hex)
    {
        var family = kind == AddressFamilyKind.Ipv4 ? AddressFamily.Ipv4Unicast : AddressFamily.Ipv6Unicast;
        var eor = UpdateMessage.EndOfRib(family);
        var bytes = BgpMessageWriter.ToArray(eor, Encode4);
        Assert.Equal(hex, Convert.ToHexString(BodyOf(bytes)), ignoreCase: true);

        var decoded = UpdateMessage.Decode(BodyOf(bytes), Ibgp4);
        Assert.True(decoded.IsEndOfRib(out var detected));
        Assert.Equal(family, detected);
        Assert.True(UpdateView.Parse(BodyOf(bytes), Ibgp4).IsEndOfRib(out detected));
        Assert.Equal(family, detected);

        Span<byte> buffer = stackalloc byte[64];
        Assert.True(UpdateEncoder.TryWriteEndOfRib(buffer, family, out var written));
        Assert.Equal(bytes, buffer[..written].ToArray());
    }

    [Fact]
    public void NonEmptyUpdate_IsNotEndOfRib()
    {
        var update = UpdateMessage.Decode(Body("", BaseAttributes4, OneNlri), Ibgp4);
        Assert.False(update.IsEndOfRib(out _));
        Assert.False(UpdateView.Parse(Body("", BaseAttributes4, OneNlri), Ibgp4).IsEndOfRib(out _));
    }

    [Fact]
    public void UnknownOptionalTransitive_IsKeptWithPartialBit_AndReencoded()
    {
        var update = UpdateMessage.Decode(Body("", BaseAttributes4 + "c0630201ff", OneNlri), Ibgp4);
        var unknown = Assert.Single(update.Attributes.Unknown);
        Assert.Equal(PathAttributeFlags.Optional | PathAttributeFlags.Transitive | PathAttributeFlags.Partial, unknown.Flags);
        var bytes = BodyOf(BgpMessageWriter.ToArray(update, Encode4));
        Assert.Contains("E0630201FF", Convert.ToHexString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendedLengthFlag_OnShortValue_DecodesAndReencodesCanonically()
    {
        var body = Body("", "5001000100" + "40020602010000fde9" + "400304c0000201", OneNlri);
        var update = UpdateMessage.Decode(body, Ibgp4);
        Assert.Equal(Rfc7606Action.None, update.Action);
        Assert.Equal(Body("", BaseAttributes4, OneNlri), BodyOf(BgpMessageWriter.ToArray(update, Encode4)));
    }

    [Fact]
    public void LongCommunityList_UsesExtendedLength()
    {
        var attributes = new PathAttributes
        {
            Origin = Origin.Igp,
            AsPath = AsPath.Empty,
            NextHop = 0x0A000001,
            Communities = Enumerable.Range(0, 100).Select(i => (uint)i).ToArray(),
        };
        var bytes = attributes.ToArray(Encode4);
        Assert.Contains((byte)0xD0, bytes);
        RoundTrip(new UpdateMessage { Attributes = attributes, Nlri = [V4("10.0.0.0/24")] }, Encode4);
    }
}

public enum AddressFamilyKind
{
    Ipv4,
    Ipv6,
}
