using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Routing;

/// <summary>What the routing task handles, one at a time, in the order posted.</summary>
internal abstract record RoutingWork
{
    public sealed record PeerUp(string Peer, NegotiatedSession Negotiated, IUpdateOutlet? Outlet, RouteSource Source) : RoutingWork;

    public sealed record Imported(string Peer, ImportBatch Batch) : RoutingWork;

    public sealed record PeerDown(string Peer, SessionDown Down) : RoutingWork;

    public sealed record RefreshRequested(string Peer, RouteRefreshMessage Request) : RoutingWork;

    public sealed record TimerFired(string Peer, long Epoch, GracefulRestartTimer Kind) : RoutingWork;

    /// <summary>Our restart's Selection_Deferral_Timer expired (RFC 4724 §4.1).</summary>
    public sealed record DeferralExpired : RoutingWork;

    /// <summary>A group's members drained their queues (or a pump ran out of budget): send more.</summary>
    public sealed record Pump : RoutingWork;

    public sealed record Apply(SpeakerOptions Options, TaskCompletionSource Done) : RoutingWork;

    public sealed record AddLocal(OriginatedRoute Route, TaskCompletionSource Done) : RoutingWork;

    public sealed record RemoveLocal(IpPrefix Prefix, TaskCompletionSource<bool> Done) : RoutingWork;

    public sealed record Query(Action Run) : RoutingWork;
}

/// <summary>The graceful restart timers of one peer (RFC 4724 §4.2, RFC 9494 §4.2).</summary>
internal enum GracefulRestartTimer
{
    /// <summary>The peer's Restart Time: it did not come back, its stale routes go (or turn long-lived stale).</summary>
    Restart,

    /// <summary>The peer came back but sent no End-of-RIB in time: its remaining stale routes go.</summary>
    StalePath,

    /// <summary>The Long-Lived Stale Time ran out: the long-lived stale routes go.</summary>
    LongLivedStale,
}
