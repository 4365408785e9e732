using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// KEEPALIVE message (RFC 4271 §4.4): the 19-octet header and nothing else.
/// </summary>
public sealed class KeepaliveMessage : IBgpMessage
{
    public static readonly KeepaliveMessage Instance = new();

    private KeepaliveMessage()
    {
    }

    public BgpMessageType Type => BgpMessageType.Keepalive;

    public static KeepaliveMessage Decode(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        // RFC 4271 §4.4 and §6.1: a KEEPALIVE is exactly 19 octets; anything else is
        // Bad Message Length with the erroneous Length field as data (as the framer does).
        if (!body.IsEmpty)
        {
            throw BgpErrors.BadMessageLength(
                (ushort)Math.Min(BgpConstants.HeaderLength + body.Length, ushort.MaxValue),
                "a KEEPALIVE is exactly 19 octets");
        }

        return Instance;
    }

    public int GetEncodedLength(in EncodeContext context) => BgpConstants.KeepaliveLength;

    public bool TryWrite(Span<byte> destination, in EncodeContext context, out int written)
    {
        written = 0;
        if (destination.Length < BgpConstants.KeepaliveLength)
        {
            return false;
        }

        BgpMessageHeader.Write(destination, BgpConstants.KeepaliveLength, BgpMessageType.Keepalive);
        written = BgpConstants.KeepaliveLength;
        return true;
    }

    public override string ToString() => "KEEPALIVE";
}
