using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// Decodes the Path Attributes field through <see cref="AttributeRegistry"/>, applying the
/// generic RFC 7606 rules (§3 c flags, §3 g duplicates, §4 length overruns, RFC 4271 §5/§6.3
/// unrecognized attributes); per-attribute rules live in each attribute's file.
/// </summary>
internal static class PathAttributeDecoder
{
    private const int TypeCodeCount = byte.MaxValue + 1;

    public static void Decode(ReadOnlySpan<byte> field, in DecodeContext context, PathAttributesBuilder builder, AttributeDecodeReport report)
    {
        Span<bool> seen = stackalloc bool[TypeCodeCount];
        var offset = 0;
        while (offset < field.Length)
        {
            if (!RawPathAttribute.TryRead(field[offset..], out var raw, out var consumed))
            {
                // RFC 7606 §4: an attribute overrunning the field, or too few octets for a
                // header, is treat-as-withdraw; Total Path Attribute Length still locates the NLRI.
                builder.SawOtherThanMpUnreach = true;
                report.Add(Rfc7606Action.TreatAsWithdraw, UpdateMessageErrorSubcode.MalformedAttributeList, [],
                    $"attribute at offset {offset} overruns the {field.Length}-octet attribute field");
                return;
            }

            offset += consumed;
            DecodeOne(raw, context, builder, report, seen);
        }
    }

    private static void DecodeOne(in RawPathAttribute raw, in DecodeContext context, PathAttributesBuilder builder, AttributeDecodeReport report, Span<bool> seen)
    {
        var row = AttributeRegistry.Get(raw.TypeCode);
        if (raw.TypeCode != (byte)PathAttributeType.MpUnreachNlri)
        {
            builder.SawOtherThanMpUnreach = true;
        }

        if (seen[raw.TypeCode])
        {
            if (row is { IsMultiprotocol: true })
            {
                // RFC 7606 §3 g: a repeated MP_REACH_NLRI / MP_UNREACH_NLRI is Malformed Attribute List.
                report.Add(Rfc7606Action.SessionReset, UpdateMessageErrorSubcode.MalformedAttributeList, [],
                    $"{row.Type} appears more than once");
            }
            else
            {
                // RFC 7606 §3 g: other repeats are discarded, keeping the first.
                report.Add(Rfc7606Action.AttributeDiscard, UpdateMessageErrorSubcode.MalformedAttributeList, raw.Whole,
                    $"duplicate attribute {raw.TypeCode} discarded");
            }

            return;
        }

        seen[raw.TypeCode] = true;
        if (raw.TypeCode < sizeof(ulong) * 8)
        {
            builder.SeenLowCodes |= 1UL << raw.TypeCode;
        }
        if (row is null)
        {
            DecodeUnrecognized(raw, builder, report);
            return;
        }

        // RFC 7606 §7.5, §7.9, §7.10: LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from an external
        // neighbour are discarded whatever their content.
        if (row.DiscardFromExternal && context.IsExternalPeer)
        {
            report.Add(Rfc7606Action.AttributeDiscard, row.MalformedSubcode, raw.Whole, $"{row.Type} from an external peer discarded");
            return;
        }

        // RFC 7606 §3 c: Optional/Transitive bits in conflict with the type make the attribute
        // malformed, handled as the attribute's own rule says (treat-as-withdraw by default;
        // RFC 7606 §5.3 for MP attributes). The data is the attribute (RFC 4271 §6.3).
        if ((raw.Flags & AttributeDescriptor.CategoryMask) != row.Flags)
        {
            if (row.IsMultiprotocol && raw.Value.Length >= MpUnreachView.MinLength)
            {
                builder.DisabledFamily = new AddressFamily((Afi)System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(raw.Value), (Safi)raw.Value[2]);
            }

            var action = row.IsMultiprotocol && builder.DisabledFamily is null ? Rfc7606Action.SessionReset : row.FlagsErrorAction;
            report.Add(action, UpdateMessageErrorSubcode.AttributeFlagsError, raw.Whole,
                $"{row.Type} flags 0x{(byte)raw.Flags:x2} conflict with 0x{(byte)row.Flags:x2}");
            return;
        }

        var error = row.Decode(raw.Value, context, builder);
        if (error.IsError)
        {
            report.Add(error.Action ?? row.MalformedAction, error.Subcode ?? row.MalformedSubcode, raw.Whole, error.Description!);
        }
    }

    private static void DecodeUnrecognized(in RawPathAttribute raw, PathAttributesBuilder builder, AttributeDecodeReport report)
    {
        if (!raw.IsOptional)
        {
            // RFC 4271 §6.3: an unrecognized well-known attribute is Unrecognized Well-known
            // Attribute, data = the attribute. RFC 7606 does not relax this.
            report.Add(Rfc7606Action.SessionReset, UpdateMessageErrorSubcode.UnrecognizedWellKnownAttribute, raw.Whole,
                $"unrecognized well-known attribute {raw.TypeCode}");
            return;
        }

        if (raw.IsTransitive)
        {
            // RFC 4271 §5: kept for propagation with the Partial bit set.
            (builder.Unknown ??= []).Add(UnknownAttribute.FromReceived(raw));
        }

        // RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored.
    }
}
