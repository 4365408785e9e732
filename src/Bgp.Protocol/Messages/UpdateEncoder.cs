using System.Buffers.Binary;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Messages;

/// <summary>
/// Allocation-free UPDATE writers for the hot path (style rule 5). Attributes come pre-encoded
/// once per attribute set (<see cref="PathAttributes.TryWrite(Span{byte}, in EncodeContext, bool, out int)"/>
/// with the MP attributes left out); NLRI are packed straight from spans. For IPv6 (and any MP
/// family) the MP_REACH_NLRI attribute is built around the NLRI and written first
/// (RFC 7606 §5.1). Use <see cref="UpdatePacker"/> to split NLRI lists across messages.
/// </summary>
public static class UpdateEncoder
{
    private const int LengthFieldSize = sizeof(ushort);

    /// <summary>Header plus the two length fields: the empty UPDATE (RFC 4271 §4.3).</summary>
    public const int EmptyUpdateLength = BgpConstants.UpdateMinLength;

    private const int MpReachFixedLength = MpReachView.MinLength;
    private const int MpUnreachFixedLength = MpUnreachView.MinLength;

    /// <summary>Length of an IPv4 unicast UPDATE (header included).</summary>
    public static int GetIpv4Length(in EncodeContext context, ReadOnlySpan<NlriEntry> withdrawn, int attributesLength, ReadOnlySpan<NlriEntry> nlri)
    {
        var addPath = context.HasAddPath(AddressFamily.Ipv4Unicast);
        return EmptyUpdateLength + NlriList.GetEncodedLength(withdrawn, addPath) + attributesLength + NlriList.GetEncodedLength(nlri, addPath);
    }

    /// <summary>
    /// Writes an IPv4 unicast UPDATE: withdrawn routes, the pre-encoded Path Attributes field and
    /// the NLRI (path identifiers when ADD-PATH is negotiated for IPv4 unicast, RFC 7911 §3).
    /// </summary>
    public static bool TryWriteIpv4(Span<byte> destination, in EncodeContext context, ReadOnlySpan<NlriEntry> withdrawn,
        ReadOnlySpan<byte> encodedAttributes, ReadOnlySpan<NlriEntry> nlri, out int written)
    {
        var length = GetIpv4Length(context, withdrawn, encodedAttributes.Length, nlri);
        if (length > destination.Length || length > context.MaxMessageLength)
        {
            written = 0;
            return false;
        }

        var addPath = context.HasAddPath(AddressFamily.Ipv4Unicast);
        BgpMessageHeader.Write(destination, length, BgpMessageType.Update);
        var offset = BgpConstants.HeaderLength;
        var withdrawnLength = NlriList.Write(destination[(offset + LengthFieldSize)..], withdrawn, addPath);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)withdrawnLength);
        offset += LengthFieldSize + withdrawnLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)encodedAttributes.Length);
        offset += LengthFieldSize;
        encodedAttributes.CopyTo(destination[offset..]);
        offset += encodedAttributes.Length;
        offset += NlriList.Write(destination[offset..], nlri, addPath);
        written = offset;
        return true;
    }

    /// <summary>Value length of an MP_REACH_NLRI carrying <paramref name="nlri"/>.</summary>
    public static int GetMpReachValueLength(in EncodeContext context, AddressFamily family, in MpNextHop nextHop, ReadOnlySpan<NlriEntry> nlri) =>
        MpReachFixedLength + nextHop.EncodedLength + NlriList.GetEncodedLength(nlri, context.HasAddPath(family));

    /// <summary>Length of an UPDATE with an MP_REACH_NLRI plus the pre-encoded other attributes.</summary>
    public static int GetMpReachLength(in EncodeContext context, AddressFamily family, in MpNextHop nextHop, int attributesLength, ReadOnlySpan<NlriEntry> nlri)
    {
        var valueLength = GetMpReachValueLength(context, family, nextHop, nlri);
        return EmptyUpdateLength + RawPathAttribute.HeaderLengthFor(valueLength) + valueLength + attributesLength;
    }

    /// <summary>
    /// Writes an UPDATE whose routes are in MP_REACH_NLRI (RFC 4760 §3), written first
    /// (RFC 7606 §5.1), followed by <paramref name="encodedAttributes"/> (which must not
    /// contain MP attributes). Works for IPv4 NLRI with an IPv6 next hop too (RFC 8950).
    /// </summary>
    public static bool TryWriteMpReach(Span<byte> destination, in EncodeContext context, AddressFamily family, in MpNextHop nextHop,
        ReadOnlySpan<byte> encodedAttributes, ReadOnlySpan<NlriEntry> nlri, out int written)
    {
        var valueLength = GetMpReachValueLength(context, family, nextHop, nlri);
        var attributeLength = RawPathAttribute.HeaderLengthFor(valueLength) + valueLength;
        var length = EmptyUpdateLength + attributeLength + encodedAttributes.Length;
        if (length > destination.Length || length > context.MaxMessageLength)
        {
            written = 0;
            return false;
        }

        BgpMessageHeader.Write(destination, length, BgpMessageType.Update);
        var offset = BgpConstants.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], 0);
        offset += LengthFieldSize;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)(attributeLength + encodedAttributes.Length));
        offset += LengthFieldSize;
        offset += RawPathAttribute.WriteHeader(destination[offset..], AttributeDescriptor.OptionalNonTransitive, (byte)PathAttributeType.MpReachNlri, valueLength);
        offset += MpReachNlri.WriteHead(destination[offset..], family, nextHop);
        offset += NlriList.Write(destination[offset..], nlri, context.HasAddPath(family));
        encodedAttributes.CopyTo(destination[offset..]);
        written = offset + encodedAttributes.Length;
        return true;
    }

    /// <summary>Length of an UPDATE carrying only an MP_UNREACH_NLRI.</summary>
    public static int GetMpUnreachLength(in EncodeContext context, AddressFamily family, ReadOnlySpan<NlriEntry> withdrawn)
    {
        var valueLength = MpUnreachFixedLength + NlriList.GetEncodedLength(withdrawn, context.HasAddPath(family));
        return EmptyUpdateLength + RawPathAttribute.HeaderLengthFor(valueLength) + valueLength;
    }

    /// <summary>Writes an UPDATE carrying only an MP_UNREACH_NLRI (RFC 4760 §4).</summary>
    public static bool TryWriteMpUnreach(Span<byte> destination, in EncodeContext context, AddressFamily family,
        ReadOnlySpan<NlriEntry> withdrawn, out int written)
    {
        var valueLength = MpUnreachFixedLength + NlriList.GetEncodedLength(withdrawn, context.HasAddPath(family));
        var attributeLength = RawPathAttribute.HeaderLengthFor(valueLength) + valueLength;
        var length = EmptyUpdateLength + attributeLength;
        if (length > destination.Length || length > context.MaxMessageLength)
        {
            written = 0;
            return false;
        }

        BgpMessageHeader.Write(destination, length, BgpMessageType.Update);
        var offset = BgpConstants.HeaderLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], 0);
        offset += LengthFieldSize;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)attributeLength);
        offset += LengthFieldSize;
        offset += RawPathAttribute.WriteHeader(destination[offset..], AttributeDescriptor.OptionalNonTransitive, (byte)PathAttributeType.MpUnreachNlri, valueLength);
        MpUnreachNlri.WriteHead(destination[offset..], family);
        offset += MpUnreachFixedLength;
        offset += NlriList.Write(destination[offset..], withdrawn, context.HasAddPath(family));
        written = offset;
        return true;
    }

    /// <summary>Writes the End-of-RIB marker (RFC 4724 §2).</summary>
    public static bool TryWriteEndOfRib(Span<byte> destination, AddressFamily family, out int written)
    {
        if (family == AddressFamily.Ipv4Unicast)
        {
            return TryWriteIpv4(destination, default, [], [], [], out written);
        }

        return TryWriteMpUnreach(destination, default, family, [], out written);
    }
}
