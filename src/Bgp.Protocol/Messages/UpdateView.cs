using System.Buffers.Binary;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Messages;

/// <summary>
/// A zero-copy view of an UPDATE body for the hot path (style rule 3; RFC 4271 §4.3):
/// <code>
/// +-----------------------------------------------------+
/// |   Withdrawn Routes Length (2 octets)                |
/// +-----------------------------------------------------+
/// |   Withdrawn Routes (variable)                       |
/// +-----------------------------------------------------+
/// |   Total Path Attribute Length (2 octets)            |
/// +-----------------------------------------------------+
/// |   Path Attributes (variable)                        |
/// +-----------------------------------------------------+
/// |   Network Layer Reachability Information (variable) |
/// +-----------------------------------------------------+
/// </code>
/// <see cref="Parse"/> checks only what must reset the session whatever the attributes say:
/// the two length fields and the syntax of the Withdrawn Routes and NLRI fields. Attribute
/// errors are RFC 7606 matters for <see cref="UpdateMessage.Decode"/> or the caller.
/// </summary>
public readonly ref struct UpdateView
{
    private const int LengthFieldSize = sizeof(ushort);

    private UpdateView(ReadOnlySpan<byte> withdrawn, ReadOnlySpan<byte> attributes, ReadOnlySpan<byte> nlri,
        AddressFamilySet addPath, int withdrawnCount, int nlriCount)
    {
        WithdrawnField = withdrawn;
        AttributesField = attributes;
        NlriField = nlri;
        AddPathReceive = addPath;
        WithdrawnCount = withdrawnCount;
        NlriCount = nlriCount;
    }

    public ReadOnlySpan<byte> WithdrawnField { get; }

    /// <summary>The Path Attributes field (the "AttributesSpan").</summary>
    public ReadOnlySpan<byte> AttributesField { get; }

    public ReadOnlySpan<byte> NlriField { get; }

    public AddressFamilySet AddPathReceive { get; }

    public int WithdrawnCount { get; }

    public int NlriCount { get; }

    private bool Ipv4AddPath => AddPathReceive.Contains(AddressFamily.Ipv4Unicast);

    /// <summary>IPv4 unicast withdrawn routes, with path identifiers if ADD-PATH was negotiated.</summary>
    public NlriEnumerator WithdrawnRoutes => new(WithdrawnField, Afi.Ipv4, Ipv4AddPath);

    /// <summary>IPv4 unicast NLRI, with path identifiers if ADD-PATH was negotiated.</summary>
    public NlriEnumerator Nlri => new(NlriField, Afi.Ipv4, Ipv4AddPath);

    public PathAttributeEnumerator Attributes => new(AttributesField);

    /// <summary>
    /// Splits an UPDATE body. Throws 3/1 Malformed Attribute List when a length field overruns
    /// the body (RFC 4271 §6.3, kept by RFC 7606 §3 b) and 3/10 Invalid Network Field when the
    /// Withdrawn Routes or NLRI field is syntactically incorrect (RFC 7606 §3 i, §5.3: the NLRI
    /// cannot be parsed, so treat-as-withdraw is impossible and §3 j keeps the session reset).
    /// </summary>
    public static UpdateView Parse(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        // RFC 4271 §6.3 / RFC 7606 §3 b: Withdrawn Routes Length + Total Attribute Length + 23
        // exceeding the message length is Malformed Attribute List.
        if (body.Length < 2 * LengthFieldSize)
        {
            throw BgpErrors.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ReadOnlyMemory<byte>.Empty,
                $"UPDATE body of {body.Length} octets cannot hold the two length fields");
        }

        int withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        if (LengthFieldSize + withdrawnLength + LengthFieldSize > body.Length)
        {
            throw BgpErrors.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ReadOnlyMemory<byte>.Empty,
                $"Withdrawn Routes Length {withdrawnLength} overruns the {body.Length}-octet UPDATE body");
        }

        var attributesOffset = LengthFieldSize + withdrawnLength + LengthFieldSize;
        int attributesLength = BinaryPrimitives.ReadUInt16BigEndian(body[(LengthFieldSize + withdrawnLength)..]);
        if (attributesOffset + attributesLength > body.Length)
        {
            throw BgpErrors.Update(UpdateMessageErrorSubcode.MalformedAttributeList, ReadOnlyMemory<byte>.Empty,
                $"Total Path Attribute Length {attributesLength} overruns the {body.Length}-octet UPDATE body");
        }

        var withdrawn = body.Slice(LengthFieldSize, withdrawnLength);
        var attributes = body.Slice(attributesOffset, attributesLength);
        var nlri = body[(attributesOffset + attributesLength)..];
        var addPath = context.HasAddPath(AddressFamily.Ipv4Unicast);

        // RFC 7606 §3 i, §5.3: the Withdrawn Routes field is checked like the NLRI field.
        if (!NlriCodec.Validate(withdrawn, Afi.Ipv4, addPath, out var withdrawnCount))
        {
            throw BgpErrors.Update(UpdateMessageErrorSubcode.InvalidNetworkField, ReadOnlyMemory<byte>.Empty,
                "Withdrawn Routes field is syntactically incorrect");
        }

        // RFC 4271 §6.3: a syntactically incorrect NLRI field is Invalid Network Field.
        if (!NlriCodec.Validate(nlri, Afi.Ipv4, addPath, out var nlriCount))
        {
            throw BgpErrors.Update(UpdateMessageErrorSubcode.InvalidNetworkField, ReadOnlyMemory<byte>.Empty,
                "NLRI field is syntactically incorrect");
        }

        return new UpdateView(withdrawn, attributes, nlri, context.AddPathReceive, withdrawnCount, nlriCount);
    }

    /// <summary>Finds the first attribute of <paramref name="type"/>; false if absent or past a §4 overrun.</summary>
    public bool TryGetAttribute(PathAttributeType type, out RawPathAttribute attribute)
    {
        foreach (var candidate in Attributes)
        {
            if (candidate.TypeCode == (byte)type)
            {
                attribute = candidate;
                return true;
            }
        }

        attribute = default;
        return false;
    }

    /// <summary>
    /// Finds MP_REACH_NLRI. True when present; <paramref name="status"/> says whether
    /// <paramref name="reach"/> can be used (<see cref="MpParseStatus.Ok"/>).
    /// </summary>
    public bool TryGetMpReach(out MpReachView reach, out MpParseStatus status)
    {
        if (!TryGetAttribute(PathAttributeType.MpReachNlri, out var raw))
        {
            reach = default;
            status = MpParseStatus.TooShort;
            return false;
        }

        status = MpReachView.TryParse(raw.Value, AddPathReceive, out reach);
        return true;
    }

    /// <summary>Finds MP_UNREACH_NLRI, as <see cref="TryGetMpReach"/>.</summary>
    public bool TryGetMpUnreach(out MpUnreachView unreach, out MpParseStatus status)
    {
        if (!TryGetAttribute(PathAttributeType.MpUnreachNlri, out var raw))
        {
            unreach = default;
            status = MpParseStatus.TooShort;
            return false;
        }

        status = MpUnreachView.TryParse(raw.Value, AddPathReceive, out unreach);
        return true;
    }

    /// <summary>
    /// RFC 4724 §2: the End-of-RIB marker is an empty UPDATE for IPv4 unicast, or an UPDATE
    /// holding only an MP_UNREACH_NLRI with no withdrawn routes for other families.
    /// </summary>
    public bool IsEndOfRib(out AddressFamily family)
    {
        family = AddressFamily.Ipv4Unicast;
        if (!WithdrawnField.IsEmpty || !NlriField.IsEmpty)
        {
            return false;
        }

        if (AttributesField.IsEmpty)
        {
            return true;
        }

        var attributes = Attributes;
        if (!attributes.MoveNext())
        {
            return false;
        }

        var only = attributes.Current;
        if (attributes.MoveNext() || only.TypeCode != (byte)PathAttributeType.MpUnreachNlri ||
            MpUnreachView.TryParse(only.Value, AddPathReceive, out var unreach) > MpParseStatus.UnsupportedFamily ||
            !unreach.WithdrawnField.IsEmpty)
        {
            return false;
        }

        family = unreach.Family;
        return true;
    }
}
