using System.Buffers.Binary;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// MP_UNREACH_NLRI, type 15, optional non-transitive (RFC 4760 §4; wire diagram on
/// <see cref="MpUnreachView"/>). With no withdrawn routes it is the End-of-RIB marker of a
/// non-IPv4-unicast family (RFC 4724 §2).
/// </summary>
public sealed class MpUnreachNlri : IEquatable<MpUnreachNlri>
{
    private readonly NlriEntry[] _withdrawn;
    private readonly byte[]? _opaqueValue;

    public MpUnreachNlri(AddressFamily family, IEnumerable<NlriEntry> withdrawn)
    {
        Family = family;
        _withdrawn = withdrawn.ToArray();
    }

    private MpUnreachNlri(AddressFamily family, NlriEntry[] withdrawn, byte[]? opaqueValue)
    {
        Family = family;
        _withdrawn = withdrawn;
        _opaqueValue = opaqueValue;
    }

    public AddressFamily Family { get; }

    public IReadOnlyList<NlriEntry> Withdrawn => _withdrawn;

    internal ReadOnlySpan<NlriEntry> WithdrawnSpan => _withdrawn;

    public bool IsOpaque => _opaqueValue is not null;

    public ReadOnlyMemory<byte> OpaqueValue => _opaqueValue;

    internal static AttributeError Decode(ReadOnlySpan<byte> value, in DecodeContext context, PathAttributesBuilder builder)
    {
        var status = MpUnreachView.TryParse(value, context.AddPathReceive, out var view);
        switch (status)
        {
            case MpParseStatus.Ok:
                builder.MpUnreach = new MpUnreachNlri(view.Family, NlriList.TryRead(view.WithdrawnField, view.Family.Afi, view.AddPath)!, null);
                return AttributeError.None;
            case MpParseStatus.UnsupportedFamily:
                builder.MpUnreach = new MpUnreachNlri(view.Family, [], value.ToArray());
                return AttributeError.None;
            case MpParseStatus.TooShort:
                // RFC 7606 §5.3 + §3 j: without AFI/SAFI no family can be disabled; reset.
                return new AttributeError(Rfc7606Action.SessionReset, UpdateMessageErrorSubcode.OptionalAttributeError,
                    $"MP_UNREACH_NLRI of {value.Length} octets is shorter than {MpUnreachView.MinLength}");
            default:
                // RFC 7606 §5.3, RFC 4760 §7: AFI/SAFI disable (or reset with 3/9).
                builder.DisabledFamily = view.Family;
                return new AttributeError(Rfc7606Action.AfiSafiDisable, UpdateMessageErrorSubcode.OptionalAttributeError,
                    $"MP_UNREACH_NLRI {view.Family}: withdrawn field is syntactically incorrect");
        }
    }

    internal int GetValueLength(in EncodeContext context) =>
        _opaqueValue?.Length ?? MpUnreachView.MinLength + NlriList.GetEncodedLength(_withdrawn, context.HasAddPath(Family));

    internal int WriteValue(Span<byte> destination, in EncodeContext context)
    {
        if (_opaqueValue is not null)
        {
            _opaqueValue.CopyTo(destination);
            return _opaqueValue.Length;
        }

        WriteHead(destination, Family);
        return MpUnreachView.MinLength + NlriList.Write(destination[MpUnreachView.MinLength..], _withdrawn, context.HasAddPath(Family));
    }

    internal static void WriteHead(Span<byte> destination, AddressFamily family)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)family.Afi);
        destination[2] = (byte)family.Safi;
    }

    public bool Equals(MpUnreachNlri? other) =>
        other is not null && Family == other.Family && NlriList.SequenceEqual(_withdrawn, other._withdrawn) &&
        _opaqueValue.AsSpan().SequenceEqual(other._opaqueValue);

    public override bool Equals(object? obj) => Equals(obj as MpUnreachNlri);

    public override int GetHashCode() => HashCode.Combine(Family, NlriList.Hash(_withdrawn));

    public override string ToString() => $"MP_UNREACH {Family} ({_withdrawn.Length} withdrawn)";
}
