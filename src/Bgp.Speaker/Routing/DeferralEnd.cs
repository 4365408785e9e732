namespace Bgp.Speaker.Routing;

/// <summary>Why the restarting speaker stopped deferring route selection.</summary>
internal enum DeferralEnd
{
    /// <summary>No peer was to be awaited.</summary>
    NoPeers,

    /// <summary>Every awaited peer sent End-of-RIB for its families, or turned out not to support graceful restart.</summary>
    AllEndOfRib,

    /// <summary>The Selection_Deferral_Timer expired first.</summary>
    TimerExpired,
}
