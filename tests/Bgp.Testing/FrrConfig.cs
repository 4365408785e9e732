using System.Text;

namespace Bgp.Testing;

/// <summary>FRR bgpd configuration for one <see cref="DaemonPeering"/>, for a bgpd that runs without zebra.</summary>
public static class FrrConfig
{
    /// <summary>GTSM for a directly connected peer: accept only TTL 255 (RFC 5082 §3).</summary>
    private const int GtsmHops = 1;

    public static string For(DaemonPeering peering, string logFile)
    {
        var peer = peering.PeerAddress.ToString();
        var text = new StringBuilder();
        text.AppendLine("frr defaults traditional");
        text.AppendLine($"hostname {peering.Name}");
        text.AppendLine($"log file {logFile} debugging");
        text.AppendLine("!");
        text.AppendLine($"router bgp {DaemonPeering.Invariant(peering.LocalAs)}");
        text.AppendLine($" bgp router-id {peering.EffectiveRouterId}");
        // Otherwise eBGP routes are filtered without a policy (RFC 8212).
        text.AppendLine(" no bgp ebgp-requires-policy");
        // Without zebra no route is "installed", so network statements need the import check off;
        // and FRR refuses 127/8 next hops as martians (NOTIFICATION 3/8) unless told otherwise.
        text.AppendLine(" no bgp network import-check");
        text.AppendLine(" bgp allow-martian-nexthop");
        if (!peering.GracefulRestart)
        {
            text.AppendLine(" bgp graceful-restart-disable");
        }

        text.AppendLine($" neighbor {peer} remote-as {DaemonPeering.Invariant(peering.PeerAs)}");
        text.AppendLine($" neighbor {peer} description {peering.Name}");
        text.AppendLine($" neighbor {peer} port {DaemonPeering.Invariant(peering.PeerPort)}");
        text.AppendLine($" neighbor {peer} update-source {peering.LocalAddress}");
        text.AppendLine($" neighbor {peer} timers {DaemonPeering.Invariant(Math.Max(1, peering.HoldTimeSeconds / 3))} {DaemonPeering.Invariant(peering.HoldTimeSeconds)}");
        text.AppendLine($" neighbor {peer} timers connect {DaemonPeering.Invariant(DaemonPeering.ConnectRetrySeconds)}");
        if (peering.IsExternal)
        {
            // Without zebra bgpd knows no interfaces, so a single-hop eBGP peer would never look connected.
            text.AppendLine($" neighbor {peer} disable-connected-check");
        }

        if (peering.Passive)
        {
            text.AppendLine($" neighbor {peer} passive");
        }

        if (peering.Password is not null)
        {
            text.AppendLine($" neighbor {peer} password {peering.Password}");
        }

        if (peering.TtlSecurity)
        {
            text.AppendLine($" neighbor {peer} ttl-security hops {DaemonPeering.Invariant(GtsmHops)}");
        }
        else if (peering.Multihop is { } ttl)
        {
            text.AppendLine($" neighbor {peer} ebgp-multihop {DaemonPeering.Invariant(ttl)}");
        }

        text.AppendLine(" address-family ipv4 unicast");
        text.AppendLine($"  neighbor {peer} activate");
        if (peering.AddPath)
        {
            text.AppendLine($"  neighbor {peer} addpath-tx-all-paths");
        }

        foreach (var route in peering.Routes.Where(r => !r.IsIpv6))
        {
            text.AppendLine($"  network {route.Prefix} route-map {FrrRoutes.RouteMapName(route)}");
        }

        text.AppendLine(" exit-address-family");
        text.AppendLine(" address-family ipv6 unicast");
        text.AppendLine($"  neighbor {peer} activate");
        if (peering.PeerAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            text.AppendLine($"  neighbor {peer} route-map {FrrRoutes.Ipv6NextHopRouteMap} out");
        }

        foreach (var route in peering.Routes.Where(r => r.IsIpv6))
        {
            text.AppendLine($"  network {route.Prefix} route-map {FrrRoutes.RouteMapName(route)}");
        }

        text.AppendLine(" exit-address-family");
        text.AppendLine("!");
        FrrRoutes.AppendRouteMaps(text, peering);
        return text.ToString();
    }
}
