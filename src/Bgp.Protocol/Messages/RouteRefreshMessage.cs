using System.Buffers.Binary;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// ROUTE-REFRESH message (RFC 2918 §3; the reserved octet became Message Subtype in RFC 7313 §3.2):
/// <code>
///  0       7      15      23      31
/// +-------+-------+-------+-------+
/// |      AFI      | Subtype | SAFI |
/// +-------+-------+-------+-------+
/// </code>
/// Subtypes: 0 normal request, 1 Beginning of Route Refresh, 2 End of Route Refresh.
/// </summary>
public sealed record RouteRefreshMessage(AddressFamily Family, RouteRefreshSubtype Subtype = RouteRefreshSubtype.Normal) : IBgpMessage
{
    /// <summary>RFC 2918 §3: AFI (2), reserved/subtype (1), SAFI (1).</summary>
    public const int BodyLength = BgpConstants.RouteRefreshLength - BgpConstants.HeaderLength;

    private const int SubtypeOffset = 2;
    private const int SafiOffset = 3;

    public BgpMessageType Type => BgpMessageType.RouteRefresh;

    /// <summary>
    /// RFC 7313 §5: a subtype other than 0, 1 or 2 "MUST" make the receiver ignore the message
    /// (and SHOULD log it). Decode returns such messages instead of throwing; the session drops them.
    /// </summary>
    public bool ShouldBeIgnored => Subtype is not (RouteRefreshSubtype.Normal
        or RouteRefreshSubtype.BeginningOfRouteRefresh or RouteRefreshSubtype.EndOfRouteRefresh);

    /// <summary>
    /// Decodes a body. RFC 7313 §5: a body that is not 4 octets is ROUTE-REFRESH Message Error /
    /// Invalid Message Length (7/1) whose data is the complete message, so the header is rebuilt
    /// from the body (the framer checked the marker, so it was all ones). The RFC scopes the check
    /// to subtypes 1 and 2; we apply it to subtype 0 as well, because a longer normal request
    /// carries ORF entries (RFC 5291) that we never negotiate. An unknown subtype is ignored first.
    /// </summary>
    public static RouteRefreshMessage Decode(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        if (body.Length >= BodyLength)
        {
            var message = new RouteRefreshMessage(
                new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(body), (Safi)body[SafiOffset]),
                (RouteRefreshSubtype)body[SubtypeOffset]);

            // RFC 7313 §5: an unknown subtype is ignored, whatever its length.
            if (message.ShouldBeIgnored || body.Length == BodyLength)
            {
                return message;
            }
        }

        // RFC 7313 §5: "The Data field of the NOTIFICATION message MUST contain the complete ROUTE-REFRESH message."
        throw BgpErrors.RouteRefreshInvalidLength(RebuildMessage(body));
    }

    public int GetEncodedLength(in EncodeContext context) => BgpConstants.RouteRefreshLength;

    public bool TryWrite(Span<byte> destination, in EncodeContext context, out int written)
    {
        written = 0;
        if (destination.Length < BgpConstants.RouteRefreshLength)
        {
            return false;
        }

        BgpMessageHeader.Write(destination, BgpConstants.RouteRefreshLength, BgpMessageType.RouteRefresh);
        var body = destination.Slice(BgpConstants.HeaderLength, BodyLength);
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)Family.Afi);
        body[SubtypeOffset] = (byte)Subtype;
        body[SafiOffset] = (byte)Family.Safi;
        written = BgpConstants.RouteRefreshLength;
        return true;
    }

    public override string ToString() => $"ROUTE-REFRESH {Family} {Subtype}";

    private static byte[] RebuildMessage(ReadOnlySpan<byte> body)
    {
        var length = Math.Min(BgpConstants.HeaderLength + body.Length, ushort.MaxValue);
        var message = new byte[length];
        BgpMessageHeader.Write(message, length, BgpMessageType.RouteRefresh);
        body[..(length - BgpConstants.HeaderLength)].CopyTo(message.AsSpan(BgpConstants.HeaderLength));
        return message;
    }
}
