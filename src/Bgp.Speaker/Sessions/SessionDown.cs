using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// Why an established session ended, as graceful restart needs it (RFC 4724 §4.2: the helper keeps
/// routes when the TCP session ends without a NOTIFICATION; RFC 8538 §3 when both sides set the N
/// bit, for any NOTIFICATION but Hard Reset 6/9).
/// </summary>
/// <param name="Reason">For logs: the last error or NOTIFICATION in words.</param>
/// <param name="Notification">The NOTIFICATION sent or received, if one ended the session.</param>
/// <param name="Subcode">Its subcode.</param>
/// <param name="Deconfigured">Stopped by us (administrative stop, reload, shutdown): routes go at once.</param>
public readonly record struct SessionDown(string Reason, NotificationCode? Notification = null, byte Subcode = 0, bool Deconfigured = false)
{
    /// <summary>RFC 8538 §3: Cease / Hard Reset always ends graceful restart.</summary>
    public bool IsHardReset => Notification == NotificationCode.Cease && Subcode == (byte)CeaseSubcode.HardReset;
}
