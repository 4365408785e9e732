namespace Bgp.Speaker.Sessions;

/// <summary>
/// Whether this speaker is restarting (RFC 4724 §4.1), read by a session each time it sends an OPEN:
/// the routing core implements it, and it changes once, when the selection deferral ends.
/// </summary>
public interface IRestartState
{
    /// <summary>RFC 4724 §3: set the Restart State (R) bit; true only until the restart's route selection has run.</summary>
    bool IsRestarting { get; }

    /// <summary>RFC 4724 §3: set the Forwarding State (F) bit of each family in the OPENs of the restart.</summary>
    bool ForwardingPreserved { get; }
}
