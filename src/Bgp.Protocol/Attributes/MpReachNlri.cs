using System.Buffers.Binary;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// MP_REACH_NLRI, type 14, optional non-transitive (RFC 4760 §3; wire diagram on
/// <see cref="MpReachView"/>). Families without an NLRI codec are kept as opaque bytes.
/// </summary>
public sealed class MpReachNlri : IEquatable<MpReachNlri>
{
    private const int FixedLength = MpReachView.MinLength;
    private readonly NlriEntry[] _nlri;
    private readonly byte[]? _opaqueValue;

    public MpReachNlri(AddressFamily family, MpNextHop nextHop, IEnumerable<NlriEntry> nlri)
    {
        Family = family;
        NextHop = nextHop;
        _nlri = nlri.ToArray();
    }

    private MpReachNlri(AddressFamily family, MpNextHop nextHop, NlriEntry[] nlri, byte[]? opaqueValue)
    {
        Family = family;
        NextHop = nextHop;
        _nlri = nlri;
        _opaqueValue = opaqueValue;
    }

    public AddressFamily Family { get; }

    public MpNextHop NextHop { get; }

    public IReadOnlyList<NlriEntry> Nlri => _nlri;

    internal ReadOnlySpan<NlriEntry> NlriSpan => _nlri;

    /// <summary>True for a family without an NLRI codec; <see cref="OpaqueValue"/> then holds the whole value.</summary>
    public bool IsOpaque => _opaqueValue is not null;

    public ReadOnlyMemory<byte> OpaqueValue => _opaqueValue;

    /// <summary>A copy with another NLRI list (same family and next hop).</summary>
    public MpReachNlri WithNlri(IEnumerable<NlriEntry> nlri) => new(Family, NextHop, nlri.ToArray(), _opaqueValue);

    internal static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        var status = MpReachView.TryParse(value, context.AddPathReceive, out var view);
        switch (status)
        {
            case MpParseStatus.Ok:
                view.TryGetNextHop(out var nextHop);
                var nlri = NlriList.TryRead(view.NlriField, view.Family.Afi, view.AddPath)!;
                builder.MpReach = new MpReachNlri(view.Family, nextHop, nlri, null);
                return AttributeError.None;
            case MpParseStatus.UnsupportedFamily:
                // RFC 4760 §7 speaks of incorrect attributes only; one for a family we do not
                // understand is carried opaquely rather than failing the session.
                builder.MpReach = new MpReachNlri(view.Family, default, [], value.ToArray());
                return AttributeError.None;
            case MpParseStatus.TooShort:
                // RFC 7606 §5.3 + §3 j: without AFI/SAFI no family can be disabled; reset.
                return new AttributeError(Rfc7606Action.SessionReset, UpdateMessageErrorSubcode.OptionalAttributeError,
                    $"MP_REACH_NLRI of {value.Length} octets is shorter than {MpReachView.MinLength}");
            default:
                // RFC 7606 §7.11 / §5.3: the NLRI cannot be located reliably; RFC 4760 §7 names
                // AFI/SAFI disable (or a reset with 3/9 Optional Attribute Error).
                builder.DisabledFamily = view.Family;
                return new AttributeError(Rfc7606Action.AfiSafiDisable, UpdateMessageErrorSubcode.OptionalAttributeError,
                    status == MpParseStatus.BadNextHopLength
                        ? $"MP_REACH_NLRI {view.Family}: next-hop length {view.NextHopBytes.Length} is invalid"
                        : $"MP_REACH_NLRI {view.Family}: NLRI field is syntactically incorrect");
        }
    }

    internal int GetValueLength(in EncodeContext context) =>
        _opaqueValue?.Length ?? FixedLength + NextHop.EncodedLength + NlriList.GetEncodedLength(_nlri, context.HasAddPath(Family));

    internal int WriteValue(Span<byte> destination, in EncodeContext context)
    {
        if (_opaqueValue is not null)
        {
            _opaqueValue.CopyTo(destination);
            return _opaqueValue.Length;
        }

        var offset = WriteHead(destination, Family, NextHop);
        return offset + NlriList.Write(destination[offset..], _nlri, context.HasAddPath(Family));
    }

    /// <summary>Writes AFI, SAFI, next-hop length, next hop and the reserved octet; returns their length.</summary>
    internal static int WriteHead(Span<byte> destination, AddressFamily family, in MpNextHop nextHop)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)family.Afi);
        destination[2] = (byte)family.Safi;
        var length = nextHop.Write(destination[4..]);
        destination[3] = (byte)length;

        // RFC 4760 §3: the Reserved octet MUST be set to 0.
        destination[4 + length] = 0;
        return FixedLength + length;
    }

    public bool Equals(MpReachNlri? other) =>
        other is not null && Family == other.Family && NextHop == other.NextHop &&
        NlriList.SequenceEqual(_nlri, other._nlri) &&
        _opaqueValue.AsSpan().SequenceEqual(other._opaqueValue);

    public override bool Equals(object? obj) => Equals(obj as MpReachNlri);

    public override int GetHashCode() => HashCode.Combine(Family, NextHop, NlriList.Hash(_nlri));

    public override string ToString() => $"MP_REACH {Family} nh {NextHop} ({_nlri.Length} NLRI)";
}
