using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// The attribute table (style rule 14): one row per recognized type code with its expected
/// Optional/Transitive flags (RFC 4271 §5 and each attribute's RFC), its RFC 7606 handling
/// when malformed, and its codec. Codes without a row are unrecognized (RFC 4271 §5, §6.3).
/// </summary>
internal static class AttributeRegistry
{
    private static readonly AttributeDescriptor[] AllRows = Rows();
    private static readonly AttributeDescriptor?[] ByCode = Index(AllRows);

    /// <summary>MP_REACH_NLRI, MP_UNREACH_NLRI first (RFC 7606 §5.1), then by type code.</summary>
    public static IReadOnlyList<AttributeDescriptor> EncodeOrder { get; } =
        AllRows.OrderBy(r => r.IsMultiprotocol ? 0 : 1).ThenBy(r => r.TypeCode).ToArray();

    public static AttributeDescriptor? Get(byte typeCode) => ByCode[typeCode];

    private static AttributeDescriptor[] Rows() =>
    [
        // RFC 7606 §7.1.
        new(PathAttributeType.Origin, AttributeDescriptor.WellKnown, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.AttributeLengthError, OriginAttribute.Decode, OriginAttribute.GetValueLength, OriginAttribute.WriteValue),

        // RFC 7606 §7.2.
        new(PathAttributeType.AsPath, AttributeDescriptor.WellKnown, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.MalformedAsPath, AsPathAttribute.Decode, AsPathAttribute.GetValueLength, AsPathAttribute.WriteValue),

        // RFC 7606 §7.3.
        new(PathAttributeType.NextHop, AttributeDescriptor.WellKnown, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.AttributeLengthError, NextHopAttribute.Decode, NextHopAttribute.GetValueLength, NextHopAttribute.WriteValue),

        // RFC 7606 §7.4.
        new(PathAttributeType.MultiExitDisc, AttributeDescriptor.OptionalNonTransitive, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.AttributeLengthError, MultiExitDiscAttribute.Decode, MultiExitDiscAttribute.GetValueLength, MultiExitDiscAttribute.WriteValue),

        // RFC 7606 §7.5.
        new(PathAttributeType.LocalPref, AttributeDescriptor.WellKnown, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.AttributeLengthError, LocalPrefAttribute.Decode, LocalPrefAttribute.GetValueLength, LocalPrefAttribute.WriteValue)
        { DiscardFromExternal = true },

        // RFC 7606 §7.6 (and §3 f).
        new(PathAttributeType.AtomicAggregate, AttributeDescriptor.WellKnown, Rfc7606Action.AttributeDiscard,
            UpdateMessageErrorSubcode.AttributeLengthError, AtomicAggregateAttribute.Decode, AtomicAggregateAttribute.GetValueLength, AtomicAggregateAttribute.WriteValue),

        // RFC 7606 §7.7 (and §3 f).
        new(PathAttributeType.Aggregator, AttributeDescriptor.OptionalTransitive, Rfc7606Action.AttributeDiscard,
            UpdateMessageErrorSubcode.AttributeLengthError, AggregatorAttribute.Decode, AggregatorAttribute.GetValueLength, AggregatorAttribute.WriteValue),

        // RFC 7606 §7.8.
        new(PathAttributeType.Communities, AttributeDescriptor.OptionalTransitive, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.OptionalAttributeError, CommunitiesAttribute.Decode, CommunitiesAttribute.GetValueLength, CommunitiesAttribute.WriteValue),

        // RFC 7606 §7.9.
        new(PathAttributeType.OriginatorId, AttributeDescriptor.OptionalNonTransitive, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.OptionalAttributeError, OriginatorIdAttribute.Decode, OriginatorIdAttribute.GetValueLength, OriginatorIdAttribute.WriteValue)
        { DiscardFromExternal = true },

        // RFC 7606 §7.10.
        new(PathAttributeType.ClusterList, AttributeDescriptor.OptionalNonTransitive, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.OptionalAttributeError, ClusterListAttribute.Decode, ClusterListAttribute.GetValueLength, ClusterListAttribute.WriteValue)
        { DiscardFromExternal = true },

        // RFC 7606 §7.11, §5.3; RFC 4760 §7 (the decoder picks AFI/SAFI disable or reset).
        new(PathAttributeType.MpReachNlri, AttributeDescriptor.OptionalNonTransitive, Rfc7606Action.AfiSafiDisable,
            UpdateMessageErrorSubcode.OptionalAttributeError, MpReachNlri.Decode,
            static (PathAttributes a, in EncodeContext c) => a.MpReach?.GetValueLength(c) ?? -1,
            static (PathAttributes a, in EncodeContext c, Span<byte> d) => a.MpReach!.WriteValue(d, c)),

        // RFC 7606 §7.12, §5.3; RFC 4760 §7.
        new(PathAttributeType.MpUnreachNlri, AttributeDescriptor.OptionalNonTransitive, Rfc7606Action.AfiSafiDisable,
            UpdateMessageErrorSubcode.OptionalAttributeError, MpUnreachNlri.Decode,
            static (PathAttributes a, in EncodeContext c) => a.MpUnreach?.GetValueLength(c) ?? -1,
            static (PathAttributes a, in EncodeContext c, Span<byte> d) => a.MpUnreach!.WriteValue(d, c)),

        // RFC 7606 §7.14.
        new(PathAttributeType.ExtendedCommunities, AttributeDescriptor.OptionalTransitive, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.OptionalAttributeError, ExtendedCommunitiesAttribute.Decode, ExtendedCommunitiesAttribute.GetValueLength, ExtendedCommunitiesAttribute.WriteValue),

        // RFC 6793 §6.
        new(PathAttributeType.As4Path, AttributeDescriptor.OptionalTransitive, Rfc7606Action.AttributeDiscard,
            UpdateMessageErrorSubcode.OptionalAttributeError, As4PathAttribute.Decode, As4PathAttribute.GetValueLength, As4PathAttribute.WriteValue),

        // RFC 6793 §6.
        new(PathAttributeType.As4Aggregator, AttributeDescriptor.OptionalTransitive, Rfc7606Action.AttributeDiscard,
            UpdateMessageErrorSubcode.OptionalAttributeError, As4AggregatorAttribute.Decode, As4AggregatorAttribute.GetValueLength, As4AggregatorAttribute.WriteValue),

        // RFC 8092 §6.
        new(PathAttributeType.LargeCommunity, AttributeDescriptor.OptionalTransitive, Rfc7606Action.TreatAsWithdraw,
            UpdateMessageErrorSubcode.OptionalAttributeError, LargeCommunityAttribute.Decode, LargeCommunityAttribute.GetValueLength, LargeCommunityAttribute.WriteValue),
    ];

    private static AttributeDescriptor?[] Index(AttributeDescriptor[] rows)
    {
        var table = new AttributeDescriptor?[byte.MaxValue + 1];
        foreach (var row in rows)
        {
            table[row.TypeCode] = row;
        }

        return table;
    }
}
