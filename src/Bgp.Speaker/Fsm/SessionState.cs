namespace Bgp.Speaker.Fsm;

/// <summary>The six states of the BGP finite state machine (RFC 4271 §8.2.2).</summary>
public enum SessionState : byte
{
    /// <summary>Refuses connections and holds no resources for the peer.</summary>
    Idle = 0,

    /// <summary>Waiting for an outgoing TCP connection to complete.</summary>
    Connect = 1,

    /// <summary>Listening for, and accepting, a TCP connection from the peer.</summary>
    Active = 2,

    /// <summary>Our OPEN is sent; waiting for the peer's OPEN.</summary>
    OpenSent = 3,

    /// <summary>OPENs exchanged; waiting for the peer's KEEPALIVE or NOTIFICATION.</summary>
    OpenConfirm = 4,

    /// <summary>UPDATE, KEEPALIVE and NOTIFICATION messages are exchanged.</summary>
    Established = 5,
}
