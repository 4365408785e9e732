using Bgp.Protocol.Messages;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// Where a session hands what it receives once Established: the routing core (Adj-RIB-In,
/// best path) implements it. Calls for one peer are serialized, in the order received.
/// </summary>
/// <remarks>
/// The overloads with an <see cref="IUpdateOutlet"/>, a <see cref="SessionDown"/> and the
/// route-refresh call are what the session actually calls; their default implementations forward
/// to the original three, so a sink that only records arrivals implements just those.
/// </remarks>
public interface IRouteSink
{
    /// <summary>The session reached Established with <paramref name="negotiated"/> capabilities.</summary>
    void OnEstablished(string peer, NegotiatedSession negotiated);

    /// <summary>An UPDATE arrived (RFC 4271 Event 27), already decoded with its RFC 7606 outcome.</summary>
    void OnUpdate(string peer, UpdateMessage update);

    /// <summary>The session left Established: the peer's routes are to be withdrawn or kept stale (RFC 4724).</summary>
    void OnDown(string peer, string reason);

    /// <summary>As <see cref="OnEstablished(string, NegotiatedSession)"/>, with the connection's outbound UPDATE queue.</summary>
    void OnEstablished(string peer, NegotiatedSession negotiated, IUpdateOutlet outlet) => OnEstablished(peer, negotiated);

    /// <summary>As <see cref="OnDown(string, string)"/>, saying whether a NOTIFICATION ended the session (RFC 4724 §4, RFC 8538).</summary>
    void OnDown(string peer, SessionDown down) => OnDown(peer, down.Reason);

    /// <summary>A ROUTE-REFRESH arrived in Established (RFC 2918 §4, RFC 7313 §4).</summary>
    void OnRouteRefresh(string peer, RouteRefreshMessage request)
    {
    }
}
