using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;

namespace Bgp.Speaker.Sessions;

/// <summary>NOTIFICATIONs in words for logs and <see cref="PeerStatus.LastError"/>: "sent 4/0 HoldTimerExpired".</summary>
internal static class NotificationText
{
    public static string Describe(string direction, NotificationMessage notification)
    {
        var name = Enum.IsDefined(notification.Code) ? notification.Code.ToString() : $"Code{(byte)notification.Code}";
        var subcode = SubcodeName(notification.Code, notification.Subcode);
        var text = $"{direction} {(byte)notification.Code}/{notification.Subcode} {name}{(subcode is null ? string.Empty : "/" + subcode)}";
        if (notification.TryGetShutdownCommunication(out var communication) && communication.Length > 0)
        {
            return $"{text} '{communication}'";
        }

        return notification.Data.IsEmpty ? text : $"{text} data {Convert.ToHexString(notification.Data.Span)}";
    }

    private static string? SubcodeName(NotificationCode code, byte subcode) => code switch
    {
        NotificationCode.MessageHeaderError => Name((MessageHeaderErrorSubcode)subcode),
        NotificationCode.OpenMessageError => Name((OpenMessageErrorSubcode)subcode),
        NotificationCode.UpdateMessageError => Name((UpdateMessageErrorSubcode)subcode),
        NotificationCode.FiniteStateMachineError => Name((FsmErrorSubcode)subcode),
        NotificationCode.Cease => Name((CeaseSubcode)subcode),
        NotificationCode.RouteRefreshMessageError => Name((RouteRefreshErrorSubcode)subcode),

        // Hold Timer Expired and Send Hold Timer Expired have no subcodes.
        _ => subcode == 0 ? null : $"Subcode{subcode}",
    };

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => Enum.IsDefined(value) ? value.ToString() : $"Subcode{Convert.ToByte(value)}";
}
