using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>Small readings of captured messages, enough for waiting on session events in tests.</summary>
public static class BgpMessageFacts
{
    private const int WithdrawnLengthSize = 2;
    private const int AttributesLengthSize = 2;
    private const int MpUnreachFamilyLength = 3;

    /// <summary>
    /// True for an End-of-RIB marker (RFC 4724 §2): an empty UPDATE for IPv4 unicast, or an UPDATE
    /// whose only attribute is an empty MP_UNREACH_NLRI for another family.
    /// </summary>
    public static bool IsEndOfRib(ReadOnlySpan<byte> message, out Afi afi)
    {
        afi = Afi.Ipv4;
        if ((BgpMessageType)message[BgpConstants.HeaderLength - 1] != BgpMessageType.Update)
        {
            return false;
        }

        var body = message[BgpConstants.HeaderLength..];
        if (body.Length < WithdrawnLengthSize + AttributesLengthSize || BinaryPrimitives.ReadUInt16BigEndian(body) != 0)
        {
            return false;
        }

        var attributesLength = BinaryPrimitives.ReadUInt16BigEndian(body[WithdrawnLengthSize..]);
        var attributes = body[(WithdrawnLengthSize + AttributesLengthSize)..];
        if (attributesLength == 0)
        {
            return attributes.Length == 0;
        }

        if (attributes.Length != attributesLength || attributes.Length < 3 ||
            (PathAttributeType)attributes[1] != PathAttributeType.MpUnreachNlri)
        {
            return false;
        }

        var extended = ((PathAttributeFlags)attributes[0] & PathAttributeFlags.ExtendedLength) != 0;
        var headerLength = extended ? 4 : 3;
        var valueLength = extended ? BinaryPrimitives.ReadUInt16BigEndian(attributes[2..]) : attributes[2];
        if (valueLength != MpUnreachFamilyLength || attributes.Length != headerLength + valueLength)
        {
            return false;
        }

        afi = (Afi)BinaryPrimitives.ReadUInt16BigEndian(attributes[headerLength..]);
        return true;
    }

    /// <summary>NOTIFICATION code and subcode of a whole NOTIFICATION message.</summary>
    public static (NotificationCode Code, byte Subcode) Notification(ReadOnlySpan<byte> message) =>
        ((NotificationCode)message[BgpConstants.HeaderLength], message[BgpConstants.HeaderLength + 1]);
}
