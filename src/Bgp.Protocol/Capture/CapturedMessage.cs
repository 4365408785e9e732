using System.Globalization;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capture;

/// <summary>One message of a capture: where it was read, who sent it, how to decode it, and its bytes.</summary>
/// <param name="Source">The capture's name, e.g. "bird2-gobgp-ebgp.txt" or "--hex".</param>
/// <param name="Line">1-based line number in that capture.</param>
/// <param name="Direction">Sender&gt;receiver, e.g. "bird>gobgp", or "?" when the line did not say.</param>
/// <param name="Flags">What the session negotiated, for this direction.</param>
/// <param name="Bytes">The whole message, header included.</param>
public sealed record CapturedMessage(string Source, int Line, string Direction, CaptureFlags Flags, byte[] Bytes)
{
    /// <summary>A stable id, "source:line", e.g. for test theory data.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Source}:{Line}");

    /// <summary>The header's type octet; only meaningful when the message is at least a header long.</summary>
    public BgpMessageType Type => (BgpMessageType)Bytes[BgpConstants.HeaderLength - 1];

    public DecodeContext Context => Flags.ToDecodeContext();

    /// <summary>The message without its 19-octet header, as the message codecs' Decode takes it.</summary>
    public ReadOnlySpan<byte> Body => Bytes.AsSpan(BgpConstants.HeaderLength);

    public override string ToString() => $"{Id} {Direction} {Type}";
}
