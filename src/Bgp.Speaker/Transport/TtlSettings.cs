using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Transport;

/// <summary>
/// The TTL rules of one peer's sockets. Null leaves the kernel default (64 on Linux).
/// <list type="bullet">
/// <item>GTSM (RFC 5082 §3): send with TTL 255, accept only TTL ≥ 256 - hops.</item>
/// <item>Multihop: send with the configured TTL.</item>
/// <item>eBGP otherwise: TTL 1, the directly connected default of RFC 4271 practice (BIRD, FRR, Junos).</item>
/// <item>iBGP otherwise: the kernel default.</item>
/// </list>
/// </summary>
internal readonly record struct TtlSettings(int? OutgoingTtl, int? MinimumIncomingTtl)
{
    /// <summary>The TTL of a directly connected eBGP session.</summary>
    public const int DirectlyConnectedTtl = 1;

    /// <summary>RFC 5082 §3: the minimum accepted TTL is 256 minus the hop count.</summary>
    private const int GtsmBase = 256;

    public static TtlSettings For(PeerOptions peer, uint localAs)
    {
        if (peer.TtlSecurityHops is int hops)
        {
            return new(LinuxSocketOptions.MaxTtl, GtsmBase - hops);
        }

        if (peer.MultihopTtl is int ttl)
        {
            return new(ttl, null);
        }

        return peer.IsExternal(localAs) ? new(DirectlyConnectedTtl, null) : new(null, null);
    }
}
