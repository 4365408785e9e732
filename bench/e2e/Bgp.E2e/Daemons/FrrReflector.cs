using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bgp.E2e.Daemons;

/// <summary>
/// FRR bgpd alone (no zebra: <c>-Z -n -S</c>) as the reflector: one peer group of passive
/// route-reflector clients (one update group, as FRR would run it), <c>bgp cluster-id</c>.
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
        File.WriteAllText(config, Config(addressing, directory));
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

    private static string Config(Addressing addressing, string directory)
    {
        const string group = "RRCLIENTS";
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("frr defaults traditional");
        text.AppendLine("hostname reflector");
        text.AppendLine(invariant, $"log file {Path.Combine(directory, "bgpd.log")} warnings");
        text.AppendLine("!");
        text.AppendLine(invariant, $"router bgp {Addressing.LocalAs}");
        text.AppendLine(invariant, $" bgp router-id {Addressing.Reflector}");
        text.AppendLine(invariant, $" bgp cluster-id {Addressing.ClusterId}");
        text.AppendLine(" no bgp ebgp-requires-policy");
        text.AppendLine(" no bgp network import-check");
        text.AppendLine(" no bgp default ipv4-unicast");
        text.AppendLine(invariant, $" neighbor {group} peer-group");
        text.AppendLine(invariant, $" neighbor {group} remote-as {Addressing.LocalAs}");
        text.AppendLine(invariant, $" neighbor {group} passive");
        text.AppendLine(invariant, $" neighbor {group} timers {BgpConnection.HoldTimeSeconds / 3} {BgpConnection.HoldTimeSeconds}");
        foreach (var client in addressing.Clients)
        {
            text.AppendLine(invariant, $" neighbor {client} peer-group {group}");
        }

        text.AppendLine(" address-family ipv4 unicast");
        text.AppendLine(invariant, $"  neighbor {group} activate");
        text.AppendLine(invariant, $"  neighbor {group} route-reflector-client");
        text.AppendLine(" exit-address-family");
        text.AppendLine("!");
        return text.ToString();
    }
}
