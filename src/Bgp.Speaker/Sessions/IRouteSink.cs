using Bgp.Protocol.Messages;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// Where a session hands what it receives once Established: the routing core (Adj-RIB-In,
/// best path) implements it. Calls for one peer are serialized, in the order received.
/// </summary>
public interface IRouteSink
{
    /// <summary>The session reached Established with <paramref name="negotiated"/> capabilities.</summary>
    void OnEstablished(string peer, NegotiatedSession negotiated);

    /// <summary>An UPDATE arrived (RFC 4271 Event 27), already decoded with its RFC 7606 outcome.</summary>
    void OnUpdate(string peer, UpdateMessage update);

    /// <summary>The session left Established: the peer's routes are to be withdrawn or kept stale (RFC 4724).</summary>
    void OnDown(string peer, string reason);
}
