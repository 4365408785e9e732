using Bgp.Protocol;
using Bgp.Protocol.Capture;
using Bgp.Speaker.Tools;
using Xunit;

namespace Bgp.Speaker.Tests.Tools;

public sealed class DecodeCommandTests
{
    private const string Keepalive = "ffffffffffffffffffffffffffffffff001304";

    [Fact]
    public void EmbeddedCapture_DecodesEveryMessage_AndExitsZero()
    {
        var messages = DecodeCommand.LoadEmbedded();
        using var output = new StringWriter();

        var exitCode = DecodeCommand.Run(output, messages);

        Assert.Equal(0, exitCode);
        Assert.True(messages.Count > 30, $"the embedded capture holds {messages.Count} messages");
        var text = output.ToString();
        Assert.Contains("OPEN v4 AS 4200000002", text, StringComparison.Ordinal);
        Assert.Contains("End-of-RIB Ipv6/Unicast", text, StringComparison.Ordinal);
        Assert.Contains("Cease/AdministrativeShutdown", text, StringComparison.Ordinal);
        Assert.Contains("all decoded", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedMessage_PrintsTheNotificationWeWouldSend_AndExitsOne()
    {
        // The header claims 23 octets, the line holds 22.
        var line = CaptureFile.ParseLine("ffffffffffffffffffffffffffffffff001702000000", "--hex", 1);
        using var output = new StringWriter();

        var exitCode = DecodeCommand.Run(output, [line]);

        Assert.Equal(1, exitCode);
        Assert.Contains("NOTIFICATION 1/2", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_BecomeTheDecodeContext()
    {
        var line = CaptureFile.ParseLine($"a>b fouroctet=1 extmsg=1 ebgp=1 addpath=ipv4,ipv6 {Keepalive}", "test", 7);

        Assert.Equal("a>b", line.Direction);
        Assert.Equal(7, line.Line);
        Assert.Equal(new DecodeContext
        {
            FourOctetAs = true,
            ExtendedMessages = true,
            IsExternalPeer = true,
            AddPathReceive = AddressFamilySet.All,
        }, line.Context);
    }

    [Theory]
    [InlineData("a>b fouroctet=2 " + Keepalive, "test:3: flag 'fouroctet' must be 0 or 1")]
    [InlineData("a>b colour=blue " + Keepalive, "test:3: unknown flag 'colour'")]
    [InlineData("a>b addpath=ipx " + Keepalive, "test:3: flag 'addpath' lists 'ipx'")]
    [InlineData("a>b fff", "test:3: the last field is not an even-length hex string")]
    public void BadLine_NamesTheFileLineAndField(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => CaptureFile.ParseLine(text, "test", 3));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
