using Bgp.Speaker.Decision;

namespace Bgp.Speaker.Routing;

/// <summary>Tunables of the <see cref="RoutingEngine"/>; the defaults suit a node agent and a reflector alike.</summary>
public sealed record RoutingEngineOptions
{
    /// <summary>FRR's and GoBGP's default stale-path time: a restarted peer's End-of-RIB is awaited this long (RFC 4724 §4.2).</summary>
    public static readonly TimeSpan DefaultStalePathTime = TimeSpan.FromSeconds(360);

    public TimeSpan StalePathTime { get; init; } = DefaultStalePathTime;

    /// <summary>
    /// This start is a restart (RFC 4724 §4.1): OPENs carry the Restart State bit, and route
    /// selection and export wait for peers' End-of-RIB or the selection deferral time
    /// (<see cref="Configuration.SpeakerRestartOptions"/>). Set by the host (<c>bgpd run --graceful-restart</c>, or the restart marker).
    /// </summary>
    public bool Restarting { get; init; }

    public DecisionOptions Decision { get; init; } = DecisionOptions.Default;

    /// <summary>Loc-RIB changes handed to update generation per slice.</summary>
    public int ChangeSlice { get; init; } = 4096;

    /// <summary>Prefixes a group computes per pump before other work gets a turn.</summary>
    public int PrefixesPerPump { get; init; } = 8192;
}
