using Bgp.Protocol;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// One UPDATE after the import pipeline (run on the session's loop): per route the interned
/// post-policy attributes, or null for a withdrawal (sent, treat-as-withdraw, AS loop, or rejected
/// by policy). The batch owns one reference per interned set it carries.
/// </summary>
internal sealed class ImportBatch(RouteSource source, int capacity = 0)
{
    public RouteSource Source { get; } = source;

    public List<ImportedRoute> Routes { get; } = new(capacity);

    /// <summary>References taken by interning, given back after the batch is applied (or dropped).</summary>
    public List<RouteAttributes> Owned { get; } = [];

    /// <summary>The UPDATE was the End-of-RIB marker of this family (RFC 4724 §2).</summary>
    public AddressFamily? EndOfRib { get; set; }

    public void Release()
    {
        foreach (var set in Owned)
        {
            set.Release();
        }

        Owned.Clear();
    }
}

/// <summary>One route of an <see cref="ImportBatch"/>.</summary>
/// <param name="Route">Prefix and received path id.</param>
/// <param name="Attributes">Post-policy attributes; null to withdraw.</param>
/// <param name="PrePolicy">As received, when the peer keeps a pre-policy Adj-RIB-In; null for a withdrawal.</param>
internal readonly record struct ImportedRoute(NlriEntry Route, RouteAttributes? Attributes, RouteAttributes? PrePolicy);
