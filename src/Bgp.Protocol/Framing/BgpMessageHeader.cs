using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Framing;

/// <summary>
/// The BGP message header (RFC 4271 §4.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// +                                                               +
/// |                           Marker                              |
/// +                                                               +
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Length               |      Type     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct BgpMessageHeader(ushort Length, BgpMessageType Type)
{
    private const int LengthOffset = BgpConstants.MarkerLength;
    private const int TypeOffset = BgpConstants.MarkerLength + sizeof(ushort);

    /// <summary>Body length: the message length less the 19-octet header.</summary>
    public int BodyLength => Length - BgpConstants.HeaderLength;

    /// <summary>Writes marker, length and type into the first 19 octets of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, int messageLength, BgpMessageType type)
    {
        destination[..BgpConstants.MarkerLength].Fill(byte.MaxValue);
        BinaryPrimitives.WriteUInt16BigEndian(destination[LengthOffset..], checked((ushort)messageLength));
        destination[TypeOffset] = (byte)type;
    }

    /// <summary>
    /// Checks a header, in the order of RFC 4271 §6.1: marker, then length against the type's
    /// bounds, then type. Throws the matching 1/1, 1/2 or 1/3 NOTIFICATION.
    /// </summary>
    public static BgpMessageHeader Parse(ReadOnlySpan<byte> header, int maxMessageLength)
    {
        // RFC 4271 §6.1: the marker MUST be all ones, else Connection Not Synchronized.
        if (header[..BgpConstants.MarkerLength].IndexOfAnyExcept(byte.MaxValue) >= 0)
        {
            throw Errors.BgpErrors.ConnectionNotSynchronized();
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(header[LengthOffset..]);
        var type = header[TypeOffset];

        // RFC 4271 §6.1: length below 19 or above the maximum is Bad Message Length.
        if (length < BgpConstants.HeaderLength || length > maxMessageLength)
        {
            throw Errors.BgpErrors.BadMessageLength(length, $"outside {BgpConstants.HeaderLength}..{maxMessageLength}");
        }

        // RFC 4271 §6.1: the length is also checked against the minimum of each type;
        // an unknown type is Bad Message Type.
        var minimum = type switch
        {
            (byte)BgpMessageType.Open => BgpConstants.OpenMinLength,
            (byte)BgpMessageType.Update => BgpConstants.UpdateMinLength,
            (byte)BgpMessageType.Notification => BgpConstants.NotificationMinLength,
            (byte)BgpMessageType.Keepalive => BgpConstants.KeepaliveLength,
            (byte)BgpMessageType.RouteRefresh => BgpConstants.HeaderLength,
            _ => throw Errors.BgpErrors.BadMessageType(type),
        };

        if (length < minimum)
        {
            throw Errors.BgpErrors.BadMessageLength(length, $"below the {(BgpMessageType)type} minimum of {minimum}");
        }

        // RFC 4271 §4.4: a KEEPALIVE is exactly the header. RFC 8654 §3: OPEN and KEEPALIVE stay within 4096.
        if (type == (byte)BgpMessageType.Keepalive && length != BgpConstants.KeepaliveLength)
        {
            throw Errors.BgpErrors.BadMessageLength(length, "a KEEPALIVE is exactly 19 octets");
        }

        if ((type == (byte)BgpMessageType.Open) && length > BgpConstants.MaxMessageLength)
        {
            throw Errors.BgpErrors.BadMessageLength(length, "an OPEN may not exceed 4096 octets");
        }

        return new BgpMessageHeader(length, (BgpMessageType)type);
    }
}
