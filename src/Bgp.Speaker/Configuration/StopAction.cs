namespace Bgp.Speaker.Configuration;

/// <summary>What bgpd does to its sessions when it is stopped (SIGTERM, Ctrl-C): <c>gracefulRestart.onStop</c>.</summary>
public enum StopAction
{
    /// <summary>Every peer gets Cease 6/2 and drops our routes at once: right when the node goes away.</summary>
    Cease,

    /// <summary>
    /// Sessions are closed without a NOTIFICATION, so peers that negotiated graceful restart keep our
    /// routes stale for our Restart Time (RFC 4724 §4.2) and the next start is a restart: right when
    /// bgpd is restarted (an upgrade, a calico-node pod restart) and forwarding goes on meanwhile.
    /// </summary>
    Restart,
}
