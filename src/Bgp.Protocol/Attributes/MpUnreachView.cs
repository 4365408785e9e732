using System.Buffers.Binary;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// A zero-copy view of an MP_UNREACH_NLRI value (RFC 4760 §4):
/// <code>
/// +---------------------------------------------------------+
/// | Address Family Identifier (2 octets)                    |
/// +---------------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet)          |
/// +---------------------------------------------------------+
/// | Withdrawn Routes (variable)                             |
/// +---------------------------------------------------------+
/// </code>
/// </summary>
public readonly ref struct MpUnreachView
{
    /// <summary>RFC 7606 §5.3: AFI and SAFI.</summary>
    public const int MinLength = 3;

    private MpUnreachView(AddressFamily family, ReadOnlySpan<byte> withdrawnField, bool addPath)
    {
        Family = family;
        WithdrawnField = withdrawnField;
        AddPath = addPath;
    }

    public AddressFamily Family { get; }

    public ReadOnlySpan<byte> WithdrawnField { get; }

    public bool AddPath { get; }

    public NlriEnumerator WithdrawnRoutes => new(WithdrawnField, Family.Afi, AddPath);

    /// <summary>Parses and validates an MP_UNREACH_NLRI value.</summary>
    public static MpParseStatus TryParse(ReadOnlySpan<byte> value, AddressFamilySet addPath, out MpUnreachView view)
    {
        view = default;

        // RFC 7606 §5.3: an MP_UNREACH_NLRI shorter than 3 octets is incorrect.
        if (value.Length < MinLength)
        {
            return MpParseStatus.TooShort;
        }

        var family = new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(value), (Safi)value[2]);
        var hasAddPath = addPath.Contains(family);
        view = new MpUnreachView(family, value[MinLength..], hasAddPath);
        if (!family.IsSupported)
        {
            return MpParseStatus.UnsupportedFamily;
        }

        // RFC 7606 §5.3: every withdrawn NLRI must fit and be no longer than the family allows.
        return NlriCodec.Validate(value[MinLength..], family.Afi, hasAddPath, out _) ? MpParseStatus.Ok : MpParseStatus.BadNlri;
    }
}
