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

    // --- OPEN message errors (RFC 4271 §6.2), added with the OPEN codec ---

    // RFC 4271 §6.2: "The Data field is a 2-octet unsigned integer, which indicates the largest,
    // locally-supported version number less than the version the remote BGP peer bid ... or ...
    // the smallest, locally-supported version number". We support only version 4, so it is always 4.
    public static BgpNotificationException UnsupportedVersion(byte bid) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.UnsupportedVersionNumber,
            BigEndian16(BgpConstants.Version), $"unsupported BGP version {bid}");

    // RFC 4271 §6.2 MUST reject hold times of one or two seconds. The RFC does not define the data;
    // we send the offending Hold Time field so the peer's log shows what was refused.
    public static BgpNotificationException UnacceptableHoldTime(ushort holdTime) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.UnacceptableHoldTime,
            BigEndian16(holdTime), $"unacceptable hold time {holdTime}");

    // RFC 4271 §6.2 / RFC 6286 §2.2: a zero BGP Identifier is Bad BGP Identifier. Data (undefined
    // by the RFC): the offending 4-octet BGP Identifier field.
    public static BgpNotificationException BadBgpIdentifier(uint identifier) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.BadBgpIdentifier,
            BigEndian32(identifier), $"bad BGP identifier {identifier}");

    // RFC 4271 §6.2: an unrecognized optional parameter. Data (undefined by the RFC): the
    // offending parameter exactly as received (type, length, value).
    public static BgpNotificationException UnsupportedOptionalParameter(ReadOnlySpan<byte> parameter) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.UnsupportedOptionalParameter,
            parameter.ToArray(), $"unsupported optional parameter type {(parameter.IsEmpty ? 0 : parameter[0])}");

    // RFC 4271 §6.2: "If one of the Optional Parameters in the OPEN message is recognized, but is
    // malformed, then the Error Subcode MUST be set to 0 (Unspecific)". Used for inconsistent
    // optional parameter lengths (RFC 4271 §4.2, RFC 9072 §2). Data is empty: there is no one field to blame.
    public static BgpNotificationException MalformedOptionalParameters(string why) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.Unspecific,
            ReadOnlyMemory<byte>.Empty, why);

    // RFC 4271 §6.2 (recognized but malformed: Unspecific) applied to a capability (RFC 5492 §4
    // defines no error of its own). Data: the capability TLV as received (code, length, value).
    public static BgpNotificationException MalformedCapability(byte code, ReadOnlySpan<byte> value, string why)
    {
        var data = new byte[2 + value.Length];
        data[0] = code;
        data[1] = (byte)value.Length;
        value.CopyTo(data.AsSpan(2));
        return Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.Unspecific, data,
            $"malformed capability {code}: {why}");
    }

    private static byte[] BigEndian32(uint value)
    {
        var bytes = new byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static BgpNotificationException Create(NotificationCode code, byte subcode, ReadOnlyMemory<byte> data, string why) =>
        new(code, subcode, data, why);

    private static byte[] BigEndian16(ushort value)
    {
        var bytes = new byte[sizeof(ushort)];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    // --- Session-level errors (RFC 4271 §6.2, RFC 5492 §5, RFC 4486 §4), added with the sessions ---

    // RFC 4271 §6.2: "If the Autonomous System field of the OPEN message is unacceptable, then the
    // Error Subcode MUST be set to Bad Peer AS." The RFC defines no data; we send the 2-octet My
    // Autonomous System field as received so the peer's log shows what was refused.
    public static BgpNotificationException BadPeerAs(ushort myAsField, uint announcedAs, uint expectedAs) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.BadPeerAs,
            BigEndian16(myAsField), $"peer announced AS {announcedAs}, expected AS {expectedAs}");

    // RFC 6286 §2.2: an internal peer whose BGP Identifier equals ours is Bad BGP Identifier. Data
    // (undefined by the RFC): the offending 4-octet BGP Identifier field.
    public static BgpNotificationException SameBgpIdentifier(uint identifier) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.BadBgpIdentifier,
            BigEndian32(identifier), $"internal peer uses our BGP identifier {identifier}");

    // RFC 5492 §5: "the Data field of the NOTIFICATION message SHOULD list the set of capabilities
    // that cause the speaker to send the message. Each such capability is encoded in the same way
    // as it would be encoded in the OPEN message."
    public static BgpNotificationException UnsupportedCapability(ReadOnlyMemory<byte> capabilities, string why) =>
        Create(NotificationCode.OpenMessageError, (byte)OpenMessageErrorSubcode.UnsupportedCapability,
            capabilities, why);

    // RFC 4486 §4: Maximum Number of Prefixes Reached; the data MAY be AFI (2 octets), SAFI
    // (1 octet) and the prefix upper bound (4 octets).
    public static BgpNotificationException MaximumPrefixesReached(ushort afi, byte safi, uint upperBound)
    {
        var data = new byte[sizeof(ushort) + 1 + sizeof(uint)];
        BinaryPrimitives.WriteUInt16BigEndian(data, afi);
        data[sizeof(ushort)] = safi;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(sizeof(ushort) + 1), upperBound);
        return Create(NotificationCode.Cease, (byte)CeaseSubcode.MaximumNumberOfPrefixesReached, data,
            $"more than {upperBound} prefixes received");
    }
}
