using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// A BGP message that can be written to the wire (style rule 2): the length is computed first,
/// so the header is written once, and the write goes straight into the caller's buffer.
/// </summary>
public interface IBgpMessage
{
    BgpMessageType Type { get; }

    /// <summary>The whole message length, header included.</summary>
    int GetEncodedLength(in EncodeContext context);

    /// <summary>Writes the whole message, header included. False when <paramref name="destination"/> is too small.</summary>
    bool TryWrite(Span<byte> destination, in EncodeContext context, out int written);
}
