namespace Bgp.Speaker.Configuration;

/// <summary>
/// The top-level <c>gracefulRestart</c> section: how this speaker behaves when it is the one
/// restarting (RFC 4724 §4.1). The per-peer <c>gracefulRestart</c> field says whether the
/// capability is advertised to a peer at all, and with which Restart Time.
/// </summary>
public sealed record SpeakerRestartOptions
{
    /// <summary>
    /// BIRD's <c>graceful restart wait</c> default, the wait Calico nodes get today. FRR waits 360 s;
    /// peers normally send End-of-RIB within seconds, so the timer only bounds a peer that never comes back.
    /// </summary>
    public static readonly TimeSpan DefaultSelectionDeferralTime = TimeSpan.FromSeconds(240);

    /// <summary>RFC 4724 §4.1 Selection_Deferral_Timer: the longest wait for peers' End-of-RIB after a restart.</summary>
    public TimeSpan SelectionDeferralTime { get; init; } = DefaultSelectionDeferralTime;

    /// <summary>
    /// RFC 4724 §3 F bit in the OPENs of the restart: forwarding kept working while bgpd was down
    /// (true for a Calico node: the kernel routes stay in place across a bgpd restart).
    /// </summary>
    public bool ForwardingState { get; init; } = true;

    /// <summary>
    /// A directory that survives bgpd restarts (a host path in Calico) holding the restart marker;
    /// with it, a start after a crash is recognised as a restart without <c>--graceful-restart</c>.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// What a stop does to the sessions: Cease (the default), or a graceful restart that leaves peers
    /// holding our routes. <see cref="StopAction.Restart"/> needs <see cref="StateDirectory"/>, so the
    /// next start knows it is the restart the peers are waiting for.
    /// </summary>
    public StopAction OnStop { get; init; } = StopAction.Cease;
}
