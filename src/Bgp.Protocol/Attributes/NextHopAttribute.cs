using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// NEXT_HOP, type 3, well-known mandatory for IPv4 NLRI (RFC 4271 §4.3 c, §5.1.3): a 4-octet IPv4 address.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Next Hop IPv4 Address                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// RFC 7606 §7.3: length other than 4 is treat-as-withdraw; so is an address that is not a
/// valid host address (RFC 4271 §6.3 "syntactically incorrect").
/// </summary>
internal static class NextHopAttribute
{
    private const int Length = BgpConstants.Ipv4Bytes;
    private const uint ClassDMask = 0xF0000000;
    private const uint MulticastPrefix = 0xE0000000;
    private const uint ReservedPrefix = 0xF0000000;

    public static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        // RFC 7606 §7.3: malformed if its length is not 4.
        if (value.Length != Length)
        {
            return AttributeError.Malformed($"NEXT_HOP length {value.Length}, expected {Length}");
        }

        var address = BinaryPrimitives.ReadUInt32BigEndian(value);

        // RFC 4271 §6.3: the NEXT_HOP must be a valid IP host address: not 0.0.0.0, not
        // multicast (224/4), not reserved or broadcast (240/4). RFC 7606 §3 e: treat-as-withdraw.
        if (!IsValidHost(address))
        {
            return new AttributeError(null, UpdateMessageErrorSubcode.InvalidNextHopAttribute,
                $"NEXT_HOP {address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF} is not a host address");
        }

        builder.NextHop = address;
        return AttributeError.None;
    }

    public static bool IsValidHost(uint address)
    {
        var top = address & ClassDMask;
        return address != 0 && top != MulticastPrefix && top != ReservedPrefix;
    }

    public static int GetValueLength(PathAttributes attributes, in EncodeContext context) => attributes.NextHop is null ? -1 : Length;

    public static int WriteValue(PathAttributes attributes, in EncodeContext context, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, attributes.NextHop!.Value);
        return Length;
    }
}
