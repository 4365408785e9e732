using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// Decodes a framed message by its type into the owned message object. The session's hot path
/// reads UPDATEs through <see cref="UpdateView"/> instead; this is for everything else, for tools
/// and for tests. Errors throw <see cref="Errors.BgpNotificationException"/> and nothing else.
/// </summary>
public static class BgpMessageDecoder
{
    /// <summary>Decodes one message body whose header was already checked by <see cref="BgpFramer"/>.</summary>
    public static IBgpMessage Decode(in BgpMessageHeader header, ReadOnlySpan<byte> body, in DecodeContext context) =>
        header.Type switch
        {
            BgpMessageType.Open => OpenMessage.Decode(body, context),
            BgpMessageType.Update => UpdateMessage.Decode(body, context),
            BgpMessageType.Notification => NotificationMessage.Decode(body, context),
            BgpMessageType.Keepalive => KeepaliveMessage.Decode(body, context),
            BgpMessageType.RouteRefresh => RouteRefreshMessage.Decode(body, context),
            _ => throw Errors.BgpErrors.BadMessageType((byte)header.Type),
        };

    /// <summary>
    /// Decodes one whole message, header included. The span must hold exactly one message:
    /// trailing octets are a length mismatch (1/2).
    /// </summary>
    public static IBgpMessage Decode(ReadOnlySpan<byte> message, in DecodeContext context)
    {
        if (message.Length < BgpConstants.HeaderLength)
        {
            throw Errors.BgpErrors.BadMessageLength((ushort)message.Length,
                $"{message.Length} octets cannot hold the {BgpConstants.HeaderLength}-octet header");
        }

        var header = BgpMessageHeader.Parse(message[..BgpConstants.HeaderLength], context.MaxMessageLength);
        if (message.Length != header.Length)
        {
            throw Errors.BgpErrors.BadMessageLength(header.Length,
                $"the header says {header.Length} octets, the buffer holds {message.Length}");
        }

        return Decode(header, message[BgpConstants.HeaderLength..], context);
    }
}
