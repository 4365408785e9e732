using Bgp.Protocol.Capture;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>Checks every message of the committed captures (Vectors/*.txt) against our framer.</summary>
public sealed class CapturedVectorTests
{
    public static TheoryData<string> AllVectors => CapturedVectors.Ids();

    [Fact]
    public void Vectors_ArePresent_ForBothCapturedSessions()
    {
        var files = CapturedVectors.Files();
        Assert.Contains(VectorCaptureTests.BirdGoBgpFile, files);
        Assert.Contains(VectorCaptureTests.BirdBirdFile, files);
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void CapturedMessage_FramesWhole_WithKnownType(string id)
    {
        var vector = CapturedVectors.Get(id);
        ReadOnlySpan<byte> buffer = vector.Bytes;

        Assert.True(BgpFramer.TryReadMessage(ref buffer, vector.Context.MaxMessageLength, out var header, out var body));

        Assert.Equal(0, buffer.Length);
        Assert.Equal(vector.Bytes.Length, header.Length);
        Assert.Equal(vector.Bytes.Length - BgpConstants.HeaderLength, body.Length);
        Assert.True(Enum.IsDefined(header.Type), $"{id}: unknown message type {(byte)header.Type}");
    }

    [Theory]
    [InlineData(VectorCaptureTests.BirdGoBgpFile)]
    [InlineData(VectorCaptureTests.BirdBirdFile)]
    public void CapturedSession_OpensAndEndsWithAdministrativeShutdown(string file)
    {
        var session = CapturedVectors.Load().Where(v => v.Source == file).ToList();
        var directions = session.Select(v => v.Direction).Distinct().ToList();

        Assert.Equal(2, directions.Count);
        foreach (var direction in directions)
        {
            var first = session.First(v => v.Direction == direction);
            Assert.Equal(BgpMessageType.Open, first.Type);
            Assert.Contains(session, v => v.Direction == direction && v.Type == BgpMessageType.Update);
            Assert.Contains(session, v => v.Direction == direction && v.Type == BgpMessageType.Keepalive);
        }

        var last = session[^1];
        Assert.Equal(BgpMessageType.Notification, last.Type);
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown), BgpMessageFacts.Notification(last.Bytes));
    }

    [Fact]
    public void BirdGoBgp_Flags_AreFourOctet_External_WithoutAddPath()
    {
        var session = CapturedVectors.Load().Where(v => v.Source == VectorCaptureTests.BirdGoBgpFile).ToList();

        Assert.All(session, v => Assert.Equal(new CaptureFlags(true, false, true, AddressFamilySet.None), v.Flags));
    }

    [Fact]
    public void BirdBird_Flags_HaveAddPathBothFamilies_ExtendedMessages_Internal()
    {
        var session = CapturedVectors.Load().Where(v => v.Source == VectorCaptureTests.BirdBirdFile).ToList();

        Assert.All(session, v => Assert.Equal(new CaptureFlags(true, true, false, AddressFamilySet.All), v.Flags));
    }

    [Fact]
    public void VectorFlags_RoundTripThroughText()
    {
        var flags = new CaptureFlags(true, false, true, AddressFamilySet.Ipv6Unicast);

        var parsed = CaptureFlags.Parse(flags.ToString().Split(' '));

        Assert.Equal(flags, parsed);
        Assert.Equal("fouroctet=1 extmsg=0 ebgp=1 addpath=ipv6", flags.ToString());
    }

    [Fact]
    public void Parse_SkipsComments_AndReadsDirectionFlagsAndHex()
    {
        string[] lines =
        [
            "# a comment",
            "",
            "a>b fouroctet=1 extmsg=1 ebgp=0 addpath=ipv4,ipv6 ffffffffffffffffffffffffffffffff001304",
        ];

        var vector = Assert.Single(CapturedVectors.Parse("x.txt", lines));

        Assert.Equal("x.txt:3", vector.Id);
        Assert.Equal("a>b", vector.Direction);
        Assert.Equal(BgpMessageType.Keepalive, vector.Type);
        Assert.Equal(AddressFamilySet.All, vector.Context.AddPathReceive);
        Assert.True(vector.Context.ExtendedMessages);
        Assert.False(vector.Context.IsExternalPeer);
    }
}
