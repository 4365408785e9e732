using Bgp.Protocol;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Rib;
using Bgp.Speaker.Sessions;

namespace Bgp.Speaker.Routing;

/// <summary>One configured peer as the routing task sees it: its session, its update group and its graceful restart state.</summary>
internal sealed class PeerRouting
{
    public PeerRouting(PeerOptions options)
    {
        Options = options;
        Name = string.Intern(options.Name);
    }

    /// <summary>Interned, so sender exclusion compares references (as <see cref="RouteSource.Name"/> is).</summary>
    public string Name { get; }

    public PeerOptions Options { get; set; }

    /// <summary>The source of the current session's paths, or of the stale ones while the peer restarts.</summary>
    public RouteSource? Source { get; set; }

    public NegotiatedSession? Negotiated { get; set; }

    public IUpdateOutlet? Outlet { get; set; }

    public bool IsEstablished => Negotiated is not null && Outlet is not null;

    public UpdateGroup? Group { get; set; }

    /// <summary>Bumped on every session change, so timers and batches of an earlier session are ignored.</summary>
    public long Epoch { get; set; }

    /// <summary>Pre-policy store (soft reconfiguration inbound) and the Adj-RIB-In view.</summary>
    public AdjRibIn? AdjRibIn { get; set; }

    /// <summary>The peer's paths in the Loc-RIB (kept by the import path; recounted after bulk changes).</summary>
    public int AcceptedPaths { get; set; }

    /// <summary>RFC 4724 §4.2: families whose paths are held stale for the peer's restart.</summary>
    public AddressFamilySet StaleFamilies { get; set; }

    /// <summary>RFC 9494: families whose paths are held long-lived stale.</summary>
    public AddressFamilySet LlgrFamilies { get; set; }

    /// <summary>Families whose End-of-RIB arrived on the current session.</summary>
    public AddressFamilySet EndOfRibReceived { get; set; }

    /// <summary>The restart, stale-path or long-lived stale timer of the graceful restart in progress.</summary>
    public ITimer? GracefulRestartTimer { get; set; }

    /// <summary>The initial table (and its End-of-RIB) was sent on the current session.</summary>
    public bool InitialTableSent { get; set; }

    /// <summary>Families of a pending RFC 7313 refresh: EoRR is due when the re-send walk ends.</summary>
    public AddressFamilySet RefreshInProgress { get; set; }

    /// <summary>
    /// RFC 7313 §4: families between the peer's BoRR and EoRR; its paths in them were marked stale
    /// at the BoRR and those not re-sent by the EoRR are removed.
    /// </summary>
    public AddressFamilySet InboundRefresh { get; set; }

    /// <summary>
    /// With a pre-policy Adj-RIB-In, the kept routes of the <see cref="InboundRefresh"/> families not
    /// re-sent since the BoRR (removed from the store at the EoRR); null when no refresh is under way.
    /// </summary>
    public HashSet<Bgp.Protocol.Nlri.NlriEntry>? PrePolicyAwaitingRefresh { get; set; }

    /// <summary>RFC 7313 §4 upper bound on the stale routes of an <see cref="InboundRefresh"/> whose EoRR does not come.</summary>
    public ITimer? InboundRefreshTimer { get; set; }

    /// <summary>The capabilities of the session whose routes are held, for the restart timer's end.</summary>
    public Bgp.Protocol.Capabilities.GracefulRestartCapability? LastRestartCapability { get; set; }

    public Bgp.Protocol.Capabilities.LongLivedGracefulRestartCapability? LastLongLivedCapability { get; set; }

    public void StopTimer()
    {
        GracefulRestartTimer?.Dispose();
        GracefulRestartTimer = null;
    }

    public override string ToString() => $"{Name}{(IsEstablished ? " up" : " down")}{(Group is null ? "" : $" group {Group.Id}")}";
}
