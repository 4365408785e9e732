using Xunit;
using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Protocol.Tests.Attributes;
using Bgp.Testing;
using static Bgp.Protocol.Tests.Update.UpdateBodies;

namespace Bgp.Protocol.Tests.Update;

/// <summary>The hot path: <see cref="UpdateView"/>, <see cref="UpdateEncoder"/>, <see cref="UpdatePacker"/>.</summary>
public sealed class UpdateViewTests
{
    private static NlriEntry[] Slash24s(int count) =>
        Enumerable.Range(0, count).Select(i => new NlriEntry(IpPrefix.FromIpv4(0x0A000000u + ((uint)i << 8), 24))).ToArray();

    [Fact]
    public void View_EnumeratesNlriWithdrawnAndAttributes()
    {
        var body = Body("180a0001", BaseAttributes4, OneNlri + "100b00");
        var view = UpdateView.Parse(body, Ibgp4);
        Assert.Equal(1, view.WithdrawnCount);
        Assert.Equal(2, view.NlriCount);

        var nlri = new List<NlriEntry>();
        foreach (var entry in view.Nlri)
        {
            nlri.Add(entry);
        }

        Assert.Equal([V4("10.0.0.0/24"), V4("11.0.0.0/16")], nlri);

        var types = new List<PathAttributeType>();
        foreach (var attribute in view.Attributes)
        {
            types.Add(attribute.Type);
        }

        Assert.Equal([PathAttributeType.Origin, PathAttributeType.AsPath, PathAttributeType.NextHop], types);
        Assert.True(view.TryGetAttribute(PathAttributeType.NextHop, out var nextHop));
        Assert.Equal("c0000201", Convert.ToHexString(nextHop.Value).ToLowerInvariant());
    }

    [Fact]
    public void View_ExposesMpReachWithoutAllocating()
    {
        var reach = new MpReachNlri(AddressFamily.Ipv6Unicast,
            MpNextHop.FromIPAddress(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1")),
            [new NlriEntry(IpPrefix.Parse("2001:db8:1::/48"))]);
        var update = new UpdateMessage { Attributes = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.Empty, MpReach = reach } };
        var body = BodyOf(BgpMessageWriter.ToArray(update, Encode4));

        var view = UpdateView.Parse(body, Ibgp4);
        Assert.True(view.TryGetMpReach(out var mp, out var status));
        Assert.Equal(MpParseStatus.Ok, status);
        Assert.Equal(AddressFamily.Ipv6Unicast, mp.Family);
        Assert.True(mp.TryGetNextHop(out var nextHop));
        Assert.True(nextHop.HasLinkLocal);
        var count = 0;
        foreach (var entry in mp.Nlri)
        {
            Assert.Equal(IpPrefix.Parse("2001:db8:1::/48"), entry.Prefix);
            count++;
        }

        Assert.Equal(1, count);
        Assert.False(view.TryGetMpUnreach(out _, out _));
    }

    [Fact]
    public void View_Enumerating500Prefixes_AllocatesNothing()
    {
        var nlri = Slash24s(500);
        var attributes = AttributeSamples.Base().ToArray(Encode4);
        var buffer = new byte[4096];
        Assert.True(UpdateEncoder.TryWriteIpv4(buffer, Encode4, [], attributes, nlri, out var written));
        var bodyLength = written - BgpConstants.HeaderLength;

        var total = Sum(buffer.AsSpan(BgpConstants.HeaderLength, bodyLength));
        long allocated = AllocationProbe.FewestBytes(() => total += Sum(buffer.AsSpan(BgpConstants.HeaderLength, bodyLength)));
        Assert.Equal(0, allocated);
        Assert.Equal((1 + AllocationProbe.Rounds) * 500, total);

        static int Sum(ReadOnlySpan<byte> body)
        {
            var view = UpdateView.Parse(body, Ibgp4);
            var n = 0;
            foreach (var entry in view.Nlri)
            {
                n += entry.Prefix.Length == 24 ? 1 : 0;
            }

            return n;
        }
    }

    [Fact]
    public void Encoder_Ipv4_MatchesUpdateMessage_AndAllocatesNothing()
    {
        var nlri = Slash24s(100);
        var attributes = AttributeSamples.Base().ToArray(Encode4);
        var buffer = new byte[4096];
        UpdateEncoder.TryWriteIpv4(buffer, Encode4, [], attributes, nlri, out _);
        var written = 0;
        bool fitted = true;
        long allocated = AllocationProbe.FewestBytes(() => fitted &= UpdateEncoder.TryWriteIpv4(buffer, Encode4, [], attributes, nlri, out written));
        Assert.True(fitted);
        Assert.Equal(0, allocated);

        var expected = BgpMessageWriter.ToArray(new UpdateMessage { Attributes = AttributeSamples.Base(), Nlri = nlri }, Encode4);
        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void Encoder_MpReach_MatchesUpdateMessage()
    {
        var nextHop = MpNextHop.FromIPAddress(IPAddress.Parse("2001:db8::1"));
        var nlri = new[] { new NlriEntry(IpPrefix.Parse("2001:db8:1::/48")), new NlriEntry(IpPrefix.Parse("2001:db8:2::/48")) };
        var others = new PathAttributes { Origin = Origin.Igp, AsPath = AsPath.FromSequence(65001), MultiExitDisc = 5 };
        var encoded = others.ToArray(Encode4, includeMultiprotocol: false);
        var buffer = new byte[4096];
        Assert.True(UpdateEncoder.TryWriteMpReach(buffer, Encode4, AddressFamily.Ipv6Unicast, nextHop, encoded, nlri, out var written));
        Assert.Equal(UpdateEncoder.GetMpReachLength(Encode4, AddressFamily.Ipv6Unicast, nextHop, encoded.Length, nlri), written);

        var expected = BgpMessageWriter.ToArray(new UpdateMessage
        {
            Attributes = new PathAttributes
            {
                Origin = Origin.Igp,
                AsPath = AsPath.FromSequence(65001),
                MultiExitDisc = 5,
                MpReach = new MpReachNlri(AddressFamily.Ipv6Unicast, nextHop, nlri),
            },
        }, Encode4);
        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void Encoder_MpUnreach_RoundTrips()
    {
        var withdrawn = new[] { new NlriEntry(IpPrefix.Parse("2001:db8::/32")) };
        var buffer = new byte[256];
        Assert.True(UpdateEncoder.TryWriteMpUnreach(buffer, Encode4, AddressFamily.Ipv6Unicast, withdrawn, out var written));
        var decoded = UpdateMessage.Decode(buffer.AsSpan(BgpConstants.HeaderLength, written - BgpConstants.HeaderLength), Ibgp4);
        Assert.Equal(withdrawn, decoded.Attributes.MpUnreach!.Withdrawn);
    }

    [Fact]
    public void Encoder_TooSmallBuffer_ReturnsFalse()
    {
        var buffer = new byte[30];
        Assert.False(UpdateEncoder.TryWriteIpv4(buffer, Encode4, [], AttributeSamples.Base().ToArray(Encode4), Slash24s(10), out var written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Packer_SplitsIntoMessagesUnderTheLimit_AndLosesNothing(bool addPath, bool ipv6)
    {
        var context = new EncodeContext { FourOctetAs = true, AddPathSend = addPath ? AddressFamilySet.All : AddressFamilySet.None };
        var decode = context.ToPeerDecodeContext();
        var attributes = AttributeSamples.Base().ToArray(context, includeMultiprotocol: false);
        var nextHop = MpNextHop.FromIPAddress(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("fe80::1"));
        NlriEntry[] all = ipv6
            ? Enumerable.Range(0, 3000).Select(i => new NlriEntry(IpPrefix.FromIpv6((UInt128)0x20010db8 << 96 | (UInt128)(uint)i << 64, 64), (uint)i)).ToArray()
            : Slash24s(3000).Select((e, i) => e with { PathId = (uint)i }).ToArray();
        if (!addPath)
        {
            all = all.Select(e => e with { PathId = 0 }).ToArray();
        }

        var buffer = new byte[BgpConstants.MaxMessageLength];
        var received = new List<NlriEntry>();
        ReadOnlySpan<NlriEntry> rest = all;
        var messages = 0;
        while (!rest.IsEmpty)
        {
            int n;
            int written;
            if (ipv6)
            {
                n = UpdatePacker.TakeMpReach(context, AddressFamily.Ipv6Unicast, nextHop, attributes.Length, rest);
                Assert.True(UpdateEncoder.TryWriteMpReach(buffer, context, AddressFamily.Ipv6Unicast, nextHop, attributes, rest[..n], out written));
            }
            else
            {
                n = UpdatePacker.TakeIpv4Nlri(context, attributes.Length, rest);
                Assert.True(UpdateEncoder.TryWriteIpv4(buffer, context, [], attributes, rest[..n], out written));
            }

            Assert.True(n > 0);
            Assert.True(written <= BgpConstants.MaxMessageLength);
            var update = UpdateMessage.Decode(buffer.AsSpan(BgpConstants.HeaderLength, written - BgpConstants.HeaderLength), decode);
            received.AddRange(ipv6 ? update.Attributes.MpReach!.Nlri : update.Nlri);
            rest = rest[n..];
            messages++;
        }

        Assert.Equal(all, received);
        Assert.True(messages > 1);
    }
}
