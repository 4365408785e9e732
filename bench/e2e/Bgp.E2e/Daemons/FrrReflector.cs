using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bgp.E2e.Daemons;

/// <summary>
/// FRR bgpd alone (no zebra: <c>-Z -n -S</c>) as the reflector: every client a passive
/// route-reflector client (FRR groups them into one update group itself), <c>bgp cluster-id</c>.
/// </summary>
internal sealed class FrrReflector : ReflectorDaemon
{
    private const string Binary = "/usr/lib/frr/bgpd";
    private const string NoVtyPort = "0";

    public override string Name => "frr";

    public override string? Unavailable(RunEnvironment environment) => MissingFile(Binary, "FRR bgpd (apt install frr)");

    public override string Version(RunEnvironment environment) => "FRR " + FirstLine(Binary, "--version").Replace("bgpd version ", string.Empty, StringComparison.Ordinal);

    protected override ProcessStartInfo Prepare(Addressing addressing, RunEnvironment environment, string directory)
    {
        var config = Path.Combine(directory, "bgpd.conf");
        File.WriteAllText(config, Config(addressing, environment, directory));
        var start = new ProcessStartInfo(Binary);
        foreach (var argument in new[]
                 {
                     "-f", config, "-Z", "-S", "-n", "-l", Addressing.Reflector.ToString(),
                     "-p", environment.Port.ToString(CultureInfo.InvariantCulture),
                     "-i", Path.Combine(directory, "bgpd.pid"), "--vty_socket", directory, "-P", NoVtyPort,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string Config(Addressing addressing, RunEnvironment environment, string directory)
    {
        var invariant = CultureInfo.InvariantCulture;
        var clients = addressing.Clients.ToList();
        var text = new StringBuilder();
        text.AppendLine("frr defaults traditional");
        text.AppendLine("hostname reflector");
        text.AppendLine(invariant, $"log file {Path.Combine(directory, "bgpd.log")} informational");
        text.AppendLine("!");
        text.AppendLine(invariant, $"router bgp {Addressing.LocalAs}");
        text.AppendLine(invariant, $" bgp router-id {Addressing.Reflector}");
        text.AppendLine(invariant, $" bgp cluster-id {Addressing.ClusterId}");
        text.AppendLine(" bgp log-neighbor-changes");
        text.AppendLine(" no bgp ebgp-requires-policy");
        text.AppendLine(" no bgp network import-check");
        // Neighbors one by one; FRR still forms one update group of all clients, since their outbound
        // policy is the same. FRR 8.4 now and then drops a freshly accepted client ("No AFI/SAFI
        // activated for peer", with or without a peer group); the tester then reconnects and the
        // report says so.
        foreach (var client in clients)
        {
            text.AppendLine(invariant, $" neighbor {client} remote-as {Addressing.LocalAs}");
            text.AppendLine(invariant, $" neighbor {client} passive");
            text.AppendLine(invariant, $" neighbor {client} timers {environment.KeepaliveSeconds} {environment.HoldTimeSeconds}");
        }

        text.AppendLine(" address-family ipv4 unicast");
        foreach (var client in clients)
        {
            text.AppendLine(invariant, $"  neighbor {client} activate");
            text.AppendLine(invariant, $"  neighbor {client} route-reflector-client");
        }

        text.AppendLine(" exit-address-family");
        text.AppendLine("!");
        return text.ToString();
    }
}
