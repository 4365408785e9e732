using System.Buffers.Binary;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Messages;

/// <summary>
/// An UPDATE decoded into owned, immutable values (RFC 4271 §4.3; wire diagram on
/// <see cref="UpdateView"/>), with the RFC 7606 outcome of its attribute errors.
/// <para>
/// <see cref="Decode"/> throws <see cref="BgpNotificationException"/> only when the message
/// cannot be split (3/1) or its IPv4 NLRI fields cannot be parsed (3/10). Every attribute
/// error is reported in <see cref="Action"/>: for <see cref="Rfc7606Action.SessionReset"/> and
/// <see cref="Rfc7606Action.AfiSafiDisable"/> the NOTIFICATION to send is in
/// <see cref="Notification"/>; for <see cref="Rfc7606Action.TreatAsWithdraw"/> the NLRI (IPv4 and
/// MP_REACH_NLRI) have already been moved to the withdrawals and the attributes dropped.
/// </para>
/// Encoding is canonical: MP attributes first, the rest by type code, Extended Length only
/// for values over 255 octets. Re-encoding is byte-identical only for input in that form.
/// </summary>
public sealed class UpdateMessage : IBgpMessage, IEquatable<UpdateMessage>
{
    private const int LengthFieldSize = sizeof(ushort);
    private NlriEntry[] _withdrawn = [];
    private NlriEntry[] _nlri = [];

    public BgpMessageType Type => BgpMessageType.Update;

    /// <summary>IPv4 unicast withdrawn routes.</summary>
    public IReadOnlyList<NlriEntry> Withdrawn { get => _withdrawn; init => _withdrawn = value.ToArray(); }

    public PathAttributes Attributes { get; init; } = PathAttributes.Empty;

    /// <summary>IPv4 unicast NLRI.</summary>
    public IReadOnlyList<NlriEntry> Nlri { get => _nlri; init => _nlri = value.ToArray(); }

    /// <summary>The strongest RFC 7606 action over all errors (RFC 7606 §3 h); None when clean.</summary>
    public Rfc7606Action Action { get; init; }

    /// <summary>The NOTIFICATION for session reset (or for AFI/SAFI disable, should the session reset instead).</summary>
    public BgpNotificationException? Notification { get; init; }

    /// <summary>Human-readable descriptions of every error found, for the log.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The family to disable for <see cref="Rfc7606Action.AfiSafiDisable"/> (RFC 4760 §7).</summary>
    public AddressFamily? DisabledFamily { get; init; }

    /// <summary>
    /// After treat-as-withdraw of an MP_REACH_NLRI whose family differs from the UPDATE's own
    /// MP_UNREACH_NLRI, the MP_REACH routes to withdraw (RFC 7606 §2); otherwise null.
    /// </summary>
    public MpUnreachNlri? AdditionalMpUnreach { get; init; }

    internal ReadOnlySpan<NlriEntry> WithdrawnSpan => _withdrawn;

    internal ReadOnlySpan<NlriEntry> NlriSpan => _nlri;

    public static UpdateMessage Decode(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        var view = UpdateView.Parse(body, context);
        var addPath = context.HasAddPath(AddressFamily.Ipv4Unicast);
        var withdrawn = NlriList.ReadValidated(view.WithdrawnField, Afi.Ipv4, addPath, view.WithdrawnCount);
        var nlri = NlriList.ReadValidated(view.NlriField, Afi.Ipv4, addPath, view.NlriCount);

        var builder = new PathAttributesBuilder();
        var report = new AttributeDecodeReport();
        PathAttributeDecoder.Decode(view.AttributesField, context, builder, report);
        var log = report.Errors;
        if (!context.FourOctetAs)
        {
            // RFC 6793 §4.2.3: a 2-octet session rebuilds the path from AS_PATH + AS4_PATH.
            As4Merge.Apply(builder, log);
        }

        CheckMandatory(builder, nlri.Length > 0, report);

        // RFC 7606 §5.2: without reachable NLRI (and with attributes other than MP_UNREACH_NLRI)
        // an error stronger than attribute discard cannot be trusted to have parsed the NLRI.
        var encodesReachable = nlri.Length > 0 || builder.Saw(PathAttributeType.MpReachNlri);
        if (report.Action is Rfc7606Action.TreatAsWithdraw or Rfc7606Action.AfiSafiDisable &&
            !encodesReachable && builder.SawOtherThanMpUnreach)
        {
            report.EscalateToSessionReset("error in an UPDATE without reachable NLRI (RFC 7606 §5.2)");
        }

        var action = report.Action;
        var notification = action >= Rfc7606Action.AfiSafiDisable
            ? BgpErrors.Update(report.Subcode, report.Data, string.Join("; ", log))
            : null;

        if (action == Rfc7606Action.TreatAsWithdraw)
        {
            return TreatAsWithdraw(withdrawn, nlri, builder, log);
        }

        return new UpdateMessage
        {
            _withdrawn = withdrawn,
            _nlri = nlri,
            Attributes = builder.Build(),
            Action = action,
            Notification = notification,
            Errors = log,
            DisabledFamily = action == Rfc7606Action.AfiSafiDisable ? builder.DisabledFamily : null,
        };
    }

    /// <summary>The End-of-RIB marker for <paramref name="family"/> (RFC 4724 §2).</summary>
    public static UpdateMessage EndOfRib(AddressFamily family) => Messages.EndOfRib.Create(family);

    /// <summary>True if this is an End-of-RIB marker (RFC 4724 §2), with its family.</summary>
    public bool IsEndOfRib(out AddressFamily family) => Messages.EndOfRib.Is(this, out family);

    public int GetEncodedLength(in EncodeContext context)
    {
        var addPath = context.HasAddPath(AddressFamily.Ipv4Unicast);
        return BgpConstants.HeaderLength + (2 * LengthFieldSize) +
            NlriList.GetEncodedLength(_withdrawn, addPath) +
            Attributes.GetEncodedLength(context) +
            NlriList.GetEncodedLength(_nlri, addPath);
    }

    public bool TryWrite(Span<byte> destination, in EncodeContext context, out int written)
    {
        written = 0;
        var length = GetEncodedLength(context);
        if (destination.Length < length)
        {
            return false;
        }

        var addPath = context.HasAddPath(AddressFamily.Ipv4Unicast);
        BgpMessageHeader.Write(destination, length, BgpMessageType.Update);
        var offset = BgpConstants.HeaderLength;
        var withdrawnLength = NlriList.Write(destination[(offset + LengthFieldSize)..], _withdrawn, addPath);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)withdrawnLength);
        offset += LengthFieldSize + withdrawnLength;
        Attributes.TryWrite(destination[(offset + LengthFieldSize)..], context, out var attributesLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)attributesLength);
        offset += LengthFieldSize + attributesLength;
        offset += NlriList.Write(destination[offset..], _nlri, addPath);
        written = offset;
        return true;
    }

    /// <summary>RFC 7606 §3 d: a missing well-known mandatory attribute is treat-as-withdraw.</summary>
    private static void CheckMandatory(PathAttributesBuilder builder, bool hasIpv4Nlri, AttributeDecodeReport report)
    {
        var hasMpNlri = builder.MpReach is { } reach && (reach.IsOpaque || reach.Nlri.Count > 0);
        if (!hasIpv4Nlri && !hasMpNlri)
        {
            return;
        }

        Require(PathAttributeType.Origin);
        Require(PathAttributeType.AsPath);

        // RFC 4760 §3: NEXT_HOP is needed only for IPv4 NLRI in the NLRI field.
        if (hasIpv4Nlri)
        {
            Require(PathAttributeType.NextHop);
        }

        void Require(PathAttributeType type)
        {
            if (!builder.Saw(type))
            {
                // RFC 4271 §6.3: the data is the type code of the missing attribute.
                report.Add(Rfc7606Action.TreatAsWithdraw, UpdateMessageErrorSubcode.MissingWellKnownAttribute,
                    [(byte)type], $"missing well-known mandatory attribute {type}");
            }
        }
    }

    /// <summary>
    /// RFC 7606 §2 treat-as-withdraw: every route the UPDATE carries is handled as withdrawn,
    /// IPv4 NLRI into the Withdrawn Routes and MP_REACH_NLRI into MP_UNREACH_NLRI.
    /// </summary>
    private static UpdateMessage TreatAsWithdraw(NlriEntry[] withdrawn, NlriEntry[] nlri, PathAttributesBuilder builder, List<string> log)
    {
        var unreach = builder.MpUnreach;
        MpUnreachNlri? additional = null;
        if (builder.MpReach is { IsOpaque: false } reach)
        {
            if (unreach is null)
            {
                unreach = new MpUnreachNlri(reach.Family, reach.Nlri);
            }
            else if (unreach.Family == reach.Family && !unreach.IsOpaque)
            {
                unreach = new MpUnreachNlri(reach.Family, unreach.Withdrawn.Concat(reach.Nlri));
            }
            else
            {
                additional = new MpUnreachNlri(reach.Family, reach.Nlri);
            }
        }

        return new UpdateMessage
        {
            _withdrawn = [.. withdrawn, .. nlri],
            _nlri = [],
            Attributes = unreach is null ? PathAttributes.Empty : new PathAttributes { MpUnreach = unreach },
            Action = Rfc7606Action.TreatAsWithdraw,
            Errors = log,
            AdditionalMpUnreach = additional,
        };
    }

    public bool Equals(UpdateMessage? other) =>
        other is not null && _withdrawn.AsSpan().SequenceEqual(other._withdrawn) &&
        _nlri.AsSpan().SequenceEqual(other._nlri) && Attributes.Equals(other.Attributes) &&
        Action == other.Action && Equals(AdditionalMpUnreach, other.AdditionalMpUnreach);

    public override bool Equals(object? obj) => Equals(obj as UpdateMessage);

    public override int GetHashCode() => HashCode.Combine(Attributes, _withdrawn.Length, _nlri.Length, Action);

    public override string ToString() =>
        $"UPDATE withdrawn {_withdrawn.Length}, nlri {_nlri.Length}, {Attributes}{(Action == Rfc7606Action.None ? "" : $" [{Action}]")}";
}
