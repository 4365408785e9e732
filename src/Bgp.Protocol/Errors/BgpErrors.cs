using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Errors;

/// <summary>
/// The single table that turns a detected protocol error into a NOTIFICATION (code, subcode, data).
/// Each factory cites the RFC section that dictates the data field.
/// </summary>
public static class BgpErrors
{
    // RFC 4271 §6.1: the marker is wrong. Data is empty.
    public static BgpNotificationException ConnectionNotSynchronized() =>
        Create(NotificationCode.MessageHeaderError, (byte)MessageHeaderErrorSubcode.ConnectionNotSynchronized,
            ReadOnlyMemory<byte>.Empty, "message marker is not all ones");

    // RFC 4271 §6.1: "the Data field MUST contain the erroneous Length field".
    public static BgpNotificationException BadMessageLength(ushort length, string why) =>
        Create(NotificationCode.MessageHeaderError, (byte)MessageHeaderErrorSubcode.BadMessageLength,
            BigEndian16(length), $"bad message length {length}: {why}");

    // RFC 4271 §6.1: "the Data field MUST contain the erroneous Type field".
    public static BgpNotificationException BadMessageType(byte type) =>
        Create(NotificationCode.MessageHeaderError, (byte)MessageHeaderErrorSubcode.BadMessageType,
            new[] { type }, $"unknown message type {type}");

    public static BgpNotificationException Open(OpenMessageErrorSubcode subcode, ReadOnlyMemory<byte> data, string why) =>
        Create(NotificationCode.OpenMessageError, (byte)subcode, data, why);

    public static BgpNotificationException Update(UpdateMessageErrorSubcode subcode, ReadOnlyMemory<byte> data, string why) =>
        Create(NotificationCode.UpdateMessageError, (byte)subcode, data, why);

    // RFC 7313 §5: "the Data field ... MUST contain the complete ROUTE-REFRESH message".
    public static BgpNotificationException RouteRefreshInvalidLength(ReadOnlyMemory<byte> message) =>
        Create(NotificationCode.RouteRefreshMessageError, (byte)RouteRefreshErrorSubcode.InvalidMessageLength,
            message, $"ROUTE-REFRESH of {message.Length} bytes");

    public static BgpNotificationException Create(NotificationCode code, byte subcode, ReadOnlyMemory<byte> data, string why) =>
        new(code, subcode, data, why);

    private static byte[] BigEndian16(ushort value)
    {
        var bytes = new byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
