using System.Text;

namespace Bgp.Testing;

/// <summary>
/// BIRD 2 configuration text for one <see cref="DaemonPeering"/> (one BGP protocol, IPv4 and IPv6
/// unicast), or for one daemon with several neighbors (a Calico node peering with two route reflectors).
/// </summary>
public static class BirdConfig
{
    /// <summary>BIRD's error wait bounds in seconds (min,max): how long a failed protocol stays down before it restarts.</summary>
    private const string ErrorWaitTime = "1,5";

    /// <summary>The TTL of a directly connected session.</summary>
    private const int DirectTtl = 1;

    public static string For(DaemonPeering peering) => For(peering, []);

    /// <summary>
    /// One BIRD with a BGP protocol for <paramref name="peering"/> and one for each of
    /// <paramref name="moreNeighbors"/>; the router ID and the originated routes are
    /// <paramref name="peering"/>'s, and every protocol exports them.
    /// </summary>
    public static string For(DaemonPeering peering, IReadOnlyList<DaemonPeering> moreNeighbors)
    {
        ArgumentNullException.ThrowIfNull(peering);
        ArgumentNullException.ThrowIfNull(moreNeighbors);
        var text = new StringBuilder();
        text.AppendLine($"router id {peering.EffectiveRouterId};");
        text.AppendLine("log \"{LOG}\" all;");
        text.AppendLine("protocol device {}");
        BirdRoutes.AppendOriginations(text, peering);
        foreach (var neighbor in moreNeighbors.Prepend(peering))
        {
            AppendProtocol(text, neighbor);
        }

        return text.ToString();
    }

    private static void AppendProtocol(StringBuilder text, DaemonPeering peering)
    {
        text.AppendLine($"protocol bgp {peering.Name} {{");
        text.AppendLine($"  local {peering.LocalAddress} port {DaemonPeering.Invariant(peering.LocalPort)} as {DaemonPeering.Invariant(peering.LocalAs)};");
        text.AppendLine($"  neighbor {peering.PeerAddress} port {DaemonPeering.Invariant(peering.PeerPort)} as {DaemonPeering.Invariant(peering.PeerAs)};");
        // Without strict bind BIRD listens on 0.0.0.0 and collides with every other daemon on the port.
        text.AppendLine("  strict bind yes;");
        text.AppendLine($"  connect delay time {DaemonPeering.Invariant(DaemonPeering.ConnectRetrySeconds)};");
        text.AppendLine($"  connect retry time {DaemonPeering.Invariant(DaemonPeering.ConnectRetrySeconds)};");
        text.AppendLine($"  error wait time {ErrorWaitTime};");
        text.AppendLine($"  hold time {DaemonPeering.Invariant(peering.HoldTimeSeconds)};");
        if (peering.Passive)
        {
            text.AppendLine("  passive on;");
        }

        if (peering.Password is not null)
        {
            text.AppendLine($"  password \"{peering.Password}\";");
        }

        if (peering.TtlSecurity)
        {
            text.AppendLine("  ttl security on;");
        }

        if (peering.Multihop is { } ttl)
        {
            text.AppendLine($"  multihop {DaemonPeering.Invariant(ttl)};");
        }
        else if (peering.IsExternal || peering.TtlSecurity)
        {
            // BIRD's direct mode wants the neighbor on an interface it knows ("Invalid remote address"
            // for 127.x on lo); multihop with TTL 1 is a direct session on the wire, and GTSM then
            // expects TTL 255 (256 - 1) as for a directly connected peer.
            text.AppendLine($"  multihop {DaemonPeering.Invariant(DirectTtl)};");
        }

        if (peering.GracefulRestart)
        {
            text.AppendLine("  graceful restart on;");
        }

        var addPath = peering.AddPath ? " add paths on;" : string.Empty;
        var ipv6NextHop = peering.LocalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? $" next hop address {peering.Ipv6NextHop};"
            : string.Empty;
        text.AppendLine($"  ipv4 {{ import all; export filter {BirdRoutes.ExportFilter4};{addPath} }};");
        text.AppendLine($"  ipv6 {{ import all; export filter {BirdRoutes.ExportFilter6};{addPath}{ipv6NextHop} }};");
        text.AppendLine("}");
    }
}
