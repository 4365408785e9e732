using System.Text;

namespace Bgp.Testing;

/// <summary>gobgpd TOML configuration for one <see cref="DaemonPeering"/> (IPv4 and IPv6 unicast).</summary>
public static class GoBgpConfig
{
    /// <summary>A GoBGP eBGP session is single-hop (TTL 1) unless multihop is enabled.</summary>
    private const int GtsmMinimumTtl = 255;

    /// <summary>The most paths per prefix GoBGP sends with ADD-PATH on.</summary>
    private const int AddPathSendMax = 8;

    public static string For(DaemonPeering peering)
    {
        var text = new StringBuilder();
        text.AppendLine("[global.config]");
        text.AppendLine($"  as = {DaemonPeering.Invariant(peering.LocalAs)}");
        text.AppendLine($"  router-id = \"{peering.EffectiveRouterId}\"");
        text.AppendLine($"  port = {DaemonPeering.Invariant(peering.LocalPort)}");
        // Without local-address-list gobgpd binds every address.
        text.AppendLine($"  local-address-list = [\"{peering.LocalAddress}\"]");
        text.AppendLine();
        text.AppendLine("[[neighbors]]");
        text.AppendLine("  [neighbors.config]");
        text.AppendLine($"    neighbor-address = \"{peering.PeerAddress}\"");
        text.AppendLine($"    peer-as = {DaemonPeering.Invariant(peering.PeerAs)}");
        text.AppendLine($"    description = \"{peering.Name}\"");
        if (peering.Password is not null)
        {
            text.AppendLine($"    auth-password = \"{peering.Password}\"");
        }

        text.AppendLine("  [neighbors.transport.config]");
        text.AppendLine($"    local-address = \"{peering.LocalAddress}\"");
        text.AppendLine($"    remote-port = {DaemonPeering.Invariant(peering.PeerPort)}");
        text.AppendLine($"    passive-mode = {(peering.Passive ? "true" : "false")}");
        text.AppendLine("  [neighbors.timers.config]");
        text.AppendLine($"    connect-retry = {DaemonPeering.Invariant(DaemonPeering.ConnectRetrySeconds)}");
        text.AppendLine($"    hold-time = {DaemonPeering.Invariant(peering.HoldTimeSeconds)}");
        text.AppendLine($"    keepalive-interval = {DaemonPeering.Invariant(Math.Max(1, peering.HoldTimeSeconds / 3))}");
        text.AppendLine($"    idle-hold-time-after-reset = {DaemonPeering.Invariant(DaemonPeering.ConnectRetrySeconds)}");
        if (peering.Multihop is { } ttl)
        {
            text.AppendLine("  [neighbors.ebgp-multihop.config]");
            text.AppendLine("    enabled = true");
            text.AppendLine($"    multihop-ttl = {DaemonPeering.Invariant(ttl)}");
        }

        if (peering.TtlSecurity)
        {
            text.AppendLine("  [neighbors.ttl-security.config]");
            text.AppendLine("    enabled = true");
            text.AppendLine($"    ttl-min = {DaemonPeering.Invariant(GtsmMinimumTtl)}");
        }

        if (peering.GracefulRestart)
        {
            text.AppendLine("  [neighbors.graceful-restart.config]");
            text.AppendLine("    enabled = true");
            if (peering.GracefulRestartTime is { } restartTime)
            {
                text.AppendLine($"    restart-time = {DaemonPeering.Invariant(restartTime)}");
            }

            if (peering.LongLivedStaleTime is not null)
            {
                text.AppendLine("    long-lived-enabled = true");
            }
        }

        foreach (var family in new[] { "ipv4-unicast", "ipv6-unicast" })
        {
            text.AppendLine("  [[neighbors.afi-safis]]");
            text.AppendLine("    [neighbors.afi-safis.config]");
            text.AppendLine($"      afi-safi-name = \"{family}\"");
            if (peering.AddPath)
            {
                text.AppendLine("    [neighbors.afi-safis.add-paths.config]");
                text.AppendLine("      receive = true");
                text.AppendLine($"      send-max = {DaemonPeering.Invariant(AddPathSendMax)}");
            }

            if (peering.GracefulRestart)
            {
                text.AppendLine("    [neighbors.afi-safis.mp-graceful-restart.config]");
                text.AppendLine("      enabled = true");
            }

            if (peering.GracefulRestart && peering.LongLivedStaleTime is { } staleTime && family == "ipv4-unicast")
            {
                text.AppendLine("    [neighbors.afi-safis.long-lived-graceful-restart.config]");
                text.AppendLine("      enabled = true");
                text.AppendLine($"      restart-time = {DaemonPeering.Invariant(staleTime)}");
            }
        }

        return text.ToString();
    }
}
