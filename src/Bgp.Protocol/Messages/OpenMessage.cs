using System.Buffers.Binary;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// OPEN message (RFC 4271 §4.2), optional parameters per RFC 5492 and RFC 9072 (see
/// <see cref="OptionalParameters"/>):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+
/// |    Version    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     My Autonomous System      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Hold Time           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         BGP Identifier                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Opt Parm Len  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |             Optional Parameters (variable)                    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Decode checks what the message alone can tell (version, hold time 1 or 2, zero identifier,
/// parameter syntax). Checks against configuration (peer AS, a larger minimum hold time, an
/// identifier equal to ours) belong to the session.
/// </summary>
public sealed record OpenMessage : IBgpMessage
{
    /// <summary>Version, My AS, Hold Time, BGP Identifier: the fields before Opt Parm Len.</summary>
    public const int FixedFieldsLength = 9;

    private const int MyAsOffset = 1;
    private const int HoldTimeOffset = 3;
    private const int BgpIdentifierOffset = 5;

    public byte Version { get; init; } = BgpConstants.Version;

    /// <summary>The 2-octet My Autonomous System field; AS_TRANS when the real AS needs 4 octets (RFC 6793 §4.1).</summary>
    public ushort MyAs { get; init; }

    public ushort HoldTime { get; init; }

    public uint BgpIdentifier { get; init; }

    public IReadOnlyList<Capability> Capabilities { get; init; } = [];

    public BgpMessageType Type => BgpMessageType.Open;

    /// <summary>The sender's AS: the 4-octet AS capability if present (RFC 6793 §4.1), else My AS.</summary>
    public uint EffectiveAs => Capabilities.FindLast<FourOctetAsCapability>()?.As ?? MyAs;

    /// <summary>
    /// An OPEN for <paramref name="localAs"/>: My AS is AS_TRANS when the AS needs 4 octets, and the
    /// 4-octet AS capability is added when absent (RFC 6793 §3 and §4.1: a speaker that supports
    /// 4-octet AS numbers advertises the capability to every peer).
    /// </summary>
    public static OpenMessage Create(uint localAs, ushort holdTime, uint bgpId, IReadOnlyList<Capability> caps)
    {
        IReadOnlyList<Capability> capabilities = caps.Has<FourOctetAsCapability>()
            ? caps
            : [.. caps, new FourOctetAsCapability(localAs)];
        return new OpenMessage
        {
            MyAs = ToTwoOctetAs(localAs),
            HoldTime = holdTime,
            BgpIdentifier = bgpId,
            Capabilities = capabilities,
        };
    }

    /// <summary>The AS to put in a 2-octet field: itself if it fits, else AS_TRANS (RFC 6793 §9).</summary>
    public static ushort ToTwoOctetAs(uint asNumber) =>
        asNumber > ushort.MaxValue ? BgpConstants.AsTrans : (ushort)asNumber;

    public static OpenMessage Decode(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        // RFC 4271 §6.1: the framer already rejects an OPEN shorter than 29 octets; repeat it for direct callers.
        if (body.Length < FixedFieldsLength + 1)
        {
            throw BgpErrors.BadMessageLength(ClampedMessageLength(body.Length), "OPEN shorter than its fixed fields");
        }

        // RFC 4271 §6.2: only version 4 is supported; data is the version we support.
        var version = body[0];
        if (version != BgpConstants.Version)
        {
            throw BgpErrors.UnsupportedVersion(version);
        }

        // RFC 4271 §6.2: "An implementation MUST reject Hold Time values of one or two seconds."
        var holdTime = BinaryPrimitives.ReadUInt16BigEndian(body[HoldTimeOffset..]);
        if (holdTime is > 0 and < BgpConstants.MinHoldTime)
        {
            throw BgpErrors.UnacceptableHoldTime(holdTime);
        }

        // RFC 6286 §2.2: a zero BGP Identifier is Bad BGP Identifier.
        var bgpIdentifier = BinaryPrimitives.ReadUInt32BigEndian(body[BgpIdentifierOffset..]);
        if (bgpIdentifier == 0)
        {
            throw BgpErrors.BadBgpIdentifier(bgpIdentifier);
        }

        return new OpenMessage
        {
            Version = version,
            MyAs = BinaryPrimitives.ReadUInt16BigEndian(body[MyAsOffset..]),
            HoldTime = holdTime,
            BgpIdentifier = bgpIdentifier,
            Capabilities = OptionalParameters.Decode(body[FixedFieldsLength..]),
        };
    }

    public int GetEncodedLength(in EncodeContext context) =>
        BgpConstants.HeaderLength + FixedFieldsLength + OptionalParameters.GetEncodedLength(Capabilities);

    public bool TryWrite(Span<byte> destination, in EncodeContext context, out int written)
    {
        written = 0;
        var length = GetEncodedLength(context);
        if (destination.Length < length)
        {
            return false;
        }

        var body = destination[BgpConstants.HeaderLength..length];
        body[0] = Version;
        BinaryPrimitives.WriteUInt16BigEndian(body[MyAsOffset..], MyAs);
        BinaryPrimitives.WriteUInt16BigEndian(body[HoldTimeOffset..], HoldTime);
        BinaryPrimitives.WriteUInt32BigEndian(body[BgpIdentifierOffset..], BgpIdentifier);
        if (!OptionalParameters.TryWrite(body[FixedFieldsLength..], Capabilities))
        {
            return false;
        }

        BgpMessageHeader.Write(destination, length, BgpMessageType.Open);
        written = length;
        return true;
    }

    public bool Equals(OpenMessage? other) =>
        other is not null
        && Version == other.Version
        && MyAs == other.MyAs
        && HoldTime == other.HoldTime
        && BgpIdentifier == other.BgpIdentifier
        && ValueEquality.SequenceEqual(Capabilities, other.Capabilities);

    public override int GetHashCode() =>
        HashCode.Combine(Version, MyAs, HoldTime, BgpIdentifier, ValueEquality.SequenceHash(Capabilities));

    public override string ToString() =>
        $"OPEN v{Version} AS {EffectiveAs} hold {HoldTime}s id {BgpIdentifierText(BgpIdentifier)} [{string.Join(", ", Capabilities)}]";

    private static string BgpIdentifierText(uint id) =>
        $"{(byte)(id >> 24)}.{(byte)(id >> 16)}.{(byte)(id >> 8)}.{(byte)id}";

    private static ushort ClampedMessageLength(int bodyLength) =>
        (ushort)Math.Min(BgpConstants.HeaderLength + bodyLength, ushort.MaxValue);
}
