using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;

namespace Bgp.Testing;

/// <summary>One message a <see cref="RawBgpPeer"/> received: its type and body (without the 19-octet header).</summary>
public sealed record ReceivedBgpMessage(BgpMessageType Type, byte[] Body)
{
    /// <summary>Decodes the body as a NOTIFICATION; throws when it is another type.</summary>
    public NotificationMessage AsNotification() => Type == BgpMessageType.Notification
        ? NotificationMessage.Decode(Body, new DecodeContext())
        : throw new InvalidOperationException($"expected a NOTIFICATION, received {Type}");

    /// <summary>Decodes the body as an OPEN; throws when it is another type.</summary>
    public OpenMessage AsOpen() => Type == BgpMessageType.Open
        ? OpenMessage.Decode(Body, new DecodeContext())
        : throw new InvalidOperationException($"expected an OPEN, received {Type}");

    public override string ToString() => Type == BgpMessageType.Notification ? AsNotification().ToString() : Type.ToString();
}
