using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>Decodes one attribute value into the builder.</summary>
internal delegate AttributeError AttributeDecoder(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder);

/// <summary>The value length this attribute set needs for the attribute, or -1 when it is absent.</summary>
internal delegate int AttributeValueLength(PathAttributes attributes, in EncodeContext context);

/// <summary>Writes the value (exactly the length returned by the matching <see cref="AttributeValueLength"/>).</summary>
internal delegate int AttributeValueWriter(PathAttributes attributes, in EncodeContext context, Span<byte> destination);

/// <summary>
/// One row of the attribute table (style rule 14): the expected Optional/Transitive flags, the
/// RFC 7606 handling of a malformed value, and the codec.
/// </summary>
internal sealed record AttributeDescriptor(
    PathAttributeType Type,
    PathAttributeFlags Flags,
    Rfc7606Action MalformedAction,
    UpdateMessageErrorSubcode MalformedSubcode,
    AttributeDecoder Decode,
    AttributeValueLength GetValueLength,
    AttributeValueWriter WriteValue)
{
    public byte TypeCode => (byte)Type;

    /// <summary>RFC 7606 §7.5, §7.9, §7.10: from an external neighbour the attribute is discarded.</summary>
    public bool DiscardFromExternal { get; init; }

    /// <summary>MP_REACH_NLRI / MP_UNREACH_NLRI: never duplicated (RFC 7606 §3 g), written first (§5.1).</summary>
    public bool IsMultiprotocol => Type is PathAttributeType.MpReachNlri or PathAttributeType.MpUnreachNlri;

    /// <summary>The action for Optional/Transitive flags that conflict with the type (RFC 7606 §3 c).</summary>
    public Rfc7606Action FlagsErrorAction => MalformedAction;

    public const PathAttributeFlags WellKnown = PathAttributeFlags.Transitive;
    public const PathAttributeFlags OptionalTransitive = PathAttributeFlags.Optional | PathAttributeFlags.Transitive;
    public const PathAttributeFlags OptionalNonTransitive = PathAttributeFlags.Optional;
    public const PathAttributeFlags CategoryMask = PathAttributeFlags.Optional | PathAttributeFlags.Transitive;
}
