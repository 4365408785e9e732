using System.Buffers.Binary;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Attributes;

/// <summary>How an MP_REACH_NLRI / MP_UNREACH_NLRI value parsed (RFC 7606 §5.3, §7.11).</summary>
public enum MpParseStatus : byte
{
    Ok = 0,
    /// <summary>A family this codec has no NLRI codec for: kept as opaque bytes, never an error.</summary>
    UnsupportedFamily = 1,
    /// <summary>Shorter than 5 (MP_REACH) or 3 (MP_UNREACH) octets: the family cannot be read (RFC 7606 §5.3).</summary>
    TooShort = 2,
    /// <summary>The next-hop length is not one the family allows (RFC 7606 §7.11).</summary>
    BadNextHopLength = 3,
    /// <summary>An NLRI overruns the attribute or is too long for the family (RFC 7606 §5.3).</summary>
    BadNlri = 4,
}

/// <summary>
/// A zero-copy view of an MP_REACH_NLRI value (RFC 4760 §3):
/// <code>
/// +---------------------------------------------------------+
/// | Address Family Identifier (2 octets)                    |
/// +---------------------------------------------------------+
/// | Subsequent Address Family Identifier (1 octet)          |
/// +---------------------------------------------------------+
/// | Length of Next Hop Network Address (1 octet)            |
/// +---------------------------------------------------------+
/// | Network Address of Next Hop (variable)                  |
/// +---------------------------------------------------------+
/// | Reserved (1 octet)                                      |
/// +---------------------------------------------------------+
/// | Network Layer Reachability Information (variable)       |
/// +---------------------------------------------------------+
/// </code>
/// </summary>
public readonly ref struct MpReachView
{
    /// <summary>RFC 7606 §5.3: AFI, SAFI, next-hop length and reserved octet.</summary>
    public const int MinLength = 5;

    private const int AfiSafiLength = 3;

    private MpReachView(AddressFamily family, ReadOnlySpan<byte> nextHop, ReadOnlySpan<byte> nlriField, bool addPath)
    {
        Family = family;
        NextHopBytes = nextHop;
        NlriField = nlriField;
        AddPath = addPath;
    }

    public AddressFamily Family { get; }

    public ReadOnlySpan<byte> NextHopBytes { get; }

    public ReadOnlySpan<byte> NlriField { get; }

    public bool AddPath { get; }

    public NlriEnumerator Nlri => new(NlriField, Family.Afi, AddPath);

    public bool TryGetNextHop(out MpNextHop nextHop) => MpNextHop.TryRead(NextHopBytes, out nextHop);

    /// <summary>
    /// Parses and validates an MP_REACH_NLRI value. The view is usable for
    /// <see cref="MpParseStatus.Ok"/> and <see cref="MpParseStatus.UnsupportedFamily"/>.
    /// </summary>
    public static MpParseStatus TryParse(ReadOnlySpan<byte> value, AddressFamilySet addPath, out MpReachView view)
    {
        view = default;

        // RFC 7606 §5.3: an MP_REACH_NLRI shorter than 5 octets is incorrect.
        if (value.Length < MinLength)
        {
            return MpParseStatus.TooShort;
        }

        var family = new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(value), (Safi)value[2]);
        int nextHopLength = value[AfiSafiLength];
        var nlriStart = AfiSafiLength + 1 + nextHopLength + 1;
        if (nlriStart > value.Length)
        {
            // RFC 7606 §7.11: the next hop cannot be located, nor the NLRI after it.
            return MpParseStatus.BadNextHopLength;
        }

        var nextHop = value.Slice(AfiSafiLength + 1, nextHopLength);
        var nlri = value[nlriStart..];
        var hasAddPath = addPath.Contains(family);
        view = new MpReachView(family, nextHop, nlri, hasAddPath);
        if (!family.IsSupported)
        {
            return MpParseStatus.UnsupportedFamily;
        }

        // RFC 7606 §7.11 "that which was expected": IPv4 unicast 4, or 16/32 with RFC 8950;
        // IPv6 unicast 16 or 32 (RFC 2545 §3).
        var validLength = nextHopLength == MpNextHop.Ipv6Length || nextHopLength == MpNextHop.Ipv6WithLinkLocalLength ||
            (family.Afi == Afi.Ipv4 && nextHopLength == MpNextHop.Ipv4Length);
        if (!validLength)
        {
            return MpParseStatus.BadNextHopLength;
        }

        // RFC 7606 §5.3: every NLRI must fit and be no longer than the family allows.
        return NlriCodec.Validate(nlri, family.Afi, hasAddPath, out _) ? MpParseStatus.Ok : MpParseStatus.BadNlri;
    }
}
