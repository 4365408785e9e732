namespace Bgp.Speaker.Policy;

/// <summary>
/// The kind of the session a policy runs for: on import the peer the route came from, on export
/// the peer it goes to (Calico's <c>peerType</c> and <c>internal_peer</c>).
/// </summary>
public enum SessionType : byte
{
    /// <summary>Not a session (a route evaluated for the kernel or for tests).</summary>
    None = 0,

    /// <summary>iBGP: the peer's AS equals our (effective) local AS.</summary>
    Internal = 1,

    /// <summary>eBGP.</summary>
    External = 2,
}
