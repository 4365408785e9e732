using System.Globalization;
using System.Text;

namespace Bgp.Speaker.Configuration;

/// <summary>The human summary <c>bgpd check-config</c> prints for a valid file.</summary>
internal static class ConfigSummary
{
    public static string Describe(SpeakerOptions options, string source)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.Append(culture, $"{source}: OK").AppendLine();
        text.Append(culture, $"  local AS {options.LocalAs}, router ID {options.RouterId}, ");
        text.AppendLine(options.Listen is null ? "not listening" : $"listening on {Format(options.Listen)}");
        text.Append(culture, $"  {options.Peers.Count} peer{(options.Peers.Count == 1 ? "" : "s")}").AppendLine(options.Peers.Count == 0 ? "" : ":");
        foreach (PeerOptions peer in options.Peers)
        {
            text.Append(culture, $"    {peer.Name}: {peer.Address} port {peer.Port}, AS {peer.RemoteAs}");
            text.Append(peer.IsExternal(options.LocalAs) ? " (eBGP)" : " (iBGP)");
            if (peer.LocalAs is uint localAs)
            {
                text.Append(culture, $", local AS {localAs}");
            }

            text.Append(culture, $", {ConfigNames.Name(peer.Mode)}, hold {peer.HoldTime.TotalSeconds} s");
            text.Append(culture, $", {string.Join(" ", peer.Families.Select(ConfigNames.Name))}");
            if (peer.AddPath.Count > 0)
            {
                text.Append(culture, $", add-path {string.Join(" ", peer.AddPath.Select(a => $"{ConfigNames.Name(a.Family)}={a.Direction.ToString().ToLowerInvariant()}"))}");
            }

            if (peer.Password is not null)
            {
                text.Append(", md5");
            }

            if (peer.TtlSecurityHops is int hops)
            {
                text.Append(culture, $", ttl-security {hops} hop{(hops == 1 ? "" : "s")}");
            }

            if (peer.MultihopTtl is int ttl)
            {
                text.Append(culture, $", multihop ttl {ttl}");
            }

            if (peer.Shutdown)
            {
                text.Append(", SHUTDOWN");
            }

            text.AppendLine();
        }

        if (options.DynamicPeers.Count > 0)
        {
            text.Append(culture, $"  {options.DynamicPeers.Count} dynamic peer range{(options.DynamicPeers.Count == 1 ? "" : "s")}:").AppendLine();
        }

        foreach (DynamicPeerRange range in options.DynamicPeers)
        {
            PeerOptions template = range.Template;
            text.Append(culture, $"    {range.Name}: {range.Prefix}, AS {template.RemoteAs}");
            text.Append(template.IsExternal(options.LocalAs) ? " (eBGP)" : " (iBGP)");
            text.Append(culture, $", up to {range.MaxPeers} sessions named {range.Name}-ADDRESS, hold {template.HoldTime.TotalSeconds} s");
            text.Append(culture, $", {string.Join(" ", template.Families.Select(ConfigNames.Name))}");
            text.Append(template.Password is null ? "" : ", md5");
            text.Append(template.RouteReflectorClient ? ", route-reflector clients" : "");
            text.AppendLine(template.Shutdown ? ", SHUTDOWN" : "");
        }

        return text.ToString();
    }

    private static string Format(ListenOptions listen) =>
        listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{listen.Address}]:{listen.Port}"
            : $"{listen.Address}:{listen.Port}";
}
