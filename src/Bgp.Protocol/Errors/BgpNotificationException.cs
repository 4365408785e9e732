using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Errors;

/// <summary>
/// A fatal protocol error: the session must send a NOTIFICATION with this code, subcode and
/// data, then close (RFC 4271 §6). The codec throws it; the session loop catches it once.
/// Build instances through <see cref="BgpErrors"/>, the one place where errors map to codes.
/// </summary>
public sealed class BgpNotificationException : Exception
{
    public BgpNotificationException(NotificationCode code, byte subcode, ReadOnlyMemory<byte> data, string message)
        : base(message)
    {
        Code = code;
        Subcode = subcode;
        NotificationData = data;
    }

    public NotificationCode Code { get; }

    public byte Subcode { get; }

    /// <summary>The NOTIFICATION data field: the offending field, as each RFC 4271 §6 case requires.</summary>
    public ReadOnlyMemory<byte> NotificationData { get; }

    public override string ToString() => $"NOTIFICATION {(byte)Code}/{Subcode} ({Code}): {Message}";
}
