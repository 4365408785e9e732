using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// NOTIFICATION message (RFC 4271 §4.5):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Error code    | Error subcode |   Data (variable)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Codes and subcodes are kept as received, known or not: the connection closes either way.
/// </summary>
public sealed record NotificationMessage(NotificationCode Code, byte Subcode, ReadOnlyMemory<byte> Data) : IBgpMessage
{
    /// <summary>Error code and subcode.</summary>
    public const int FixedFieldsLength = 2;

    public NotificationMessage(NotificationCode code, byte subcode)
        : this(code, subcode, ReadOnlyMemory<byte>.Empty)
    {
    }

    public BgpMessageType Type => BgpMessageType.Notification;

    /// <summary>Cease / Administrative Shutdown (6/2) with an RFC 9003 Shutdown Communication.</summary>
    public static NotificationMessage AdministrativeShutdown(string? text) =>
        new(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeShutdown, ShutdownCommunication.Encode(text));

    /// <summary>Cease / Administrative Reset (6/4) with an RFC 9003 Shutdown Communication.</summary>
    public static NotificationMessage AdministrativeReset(string? text) =>
        new(NotificationCode.Cease, (byte)CeaseSubcode.AdministrativeReset, ShutdownCommunication.Encode(text));

    /// <summary>The NOTIFICATION a caught decode error asks for (style rule 6).</summary>
    public static NotificationMessage FromException(BgpNotificationException exception) =>
        new(exception.Code, exception.Subcode, exception.NotificationData);

    /// <summary>
    /// The Shutdown Communication of a 6/2 or 6/4 NOTIFICATION (RFC 9003 §2). False for any other
    /// code or subcode, or when the communication is absent or invalid; never throws.
    /// </summary>
    public bool TryGetShutdownCommunication(out string text)
    {
        text = string.Empty;
        return Code == NotificationCode.Cease
            && Subcode is (byte)CeaseSubcode.AdministrativeShutdown or (byte)CeaseSubcode.AdministrativeReset
            && ShutdownCommunication.TryDecode(Data.Span, out text);
    }

    public static NotificationMessage Decode(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        // RFC 4271 §6.1: the framer already rejects a NOTIFICATION shorter than 21 octets.
        if (body.Length < FixedFieldsLength)
        {
            throw BgpErrors.BadMessageLength(
                (ushort)(BgpConstants.HeaderLength + body.Length), "NOTIFICATION shorter than code and subcode");
        }

        return new NotificationMessage((NotificationCode)body[0], body[1], body[FixedFieldsLength..].ToArray());
    }

    public int GetEncodedLength(in EncodeContext context) => BgpConstants.HeaderLength + FixedFieldsLength + Data.Length;

    public bool TryWrite(Span<byte> destination, in EncodeContext context, out int written)
    {
        written = 0;
        var length = GetEncodedLength(context);
        if (destination.Length < length)
        {
            return false;
        }

        BgpMessageHeader.Write(destination, length, BgpMessageType.Notification);
        destination[BgpConstants.HeaderLength] = (byte)Code;
        destination[BgpConstants.HeaderLength + 1] = Subcode;
        Data.Span.CopyTo(destination[(BgpConstants.HeaderLength + FixedFieldsLength)..]);
        written = length;
        return true;
    }

    /// <summary>"6/2 Cease/AdministrativeShutdown", then the shutdown text or the data in hex.</summary>
    public override string ToString()
    {
        var name = $"{(byte)Code}/{Subcode} {CodeName(Code)}/{SubcodeName(Code, Subcode)}";
        if (TryGetShutdownCommunication(out var text))
        {
            return $"{name} \"{text}\"";
        }

        return Data.IsEmpty ? name : $"{name} data {Convert.ToHexString(Data.Span)}";
    }

    public bool Equals(NotificationMessage? other) =>
        other is not null && Code == other.Code && Subcode == other.Subcode && Data.Span.SequenceEqual(other.Data.Span);

    public override int GetHashCode() => HashCode.Combine(Code, Subcode, ValueEquality.BytesHash(Data.Span));

    private static string CodeName(NotificationCode code) =>
        Enum.IsDefined(code) ? code.ToString() : $"Code{(byte)code}";

    private static string SubcodeName(NotificationCode code, byte subcode)
    {
        var name = code switch
        {
            NotificationCode.MessageHeaderError => NameOf((MessageHeaderErrorSubcode)subcode),
            NotificationCode.OpenMessageError => NameOf((OpenMessageErrorSubcode)subcode),
            NotificationCode.UpdateMessageError => NameOf((UpdateMessageErrorSubcode)subcode),
            NotificationCode.FiniteStateMachineError => NameOf((FsmErrorSubcode)subcode),
            NotificationCode.Cease => NameOf((CeaseSubcode)subcode),
            NotificationCode.RouteRefreshMessageError => NameOf((RouteRefreshErrorSubcode)subcode),
            _ => null,
        };
        return name ?? $"Subcode{subcode}";
    }

    private static string? NameOf<TEnum>(TEnum value)
        where TEnum : struct, Enum => Enum.IsDefined(value) ? value.ToString() : null;
}
