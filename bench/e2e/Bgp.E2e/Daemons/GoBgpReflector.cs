using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bgp.E2e.Daemons;

/// <summary>
/// GoBGP as the reflector: every client a passive neighbor with <c>route-reflector-client</c>
/// and our cluster ID. <c>local-address-list</c> keeps it off other addresses.
/// </summary>
internal sealed class GoBgpReflector : ReflectorDaemon
{
    private const string Binary = "/usr/bin/gobgpd";

    public override string Name => "gobgp";

    public override string? Unavailable(RunEnvironment environment) => MissingFile(Binary, "gobgpd (apt install gobgpd)");

    public override string Version(RunEnvironment environment) => "GoBGP " + FirstLine(Binary, "--version").Replace("gobgpd version ", string.Empty, StringComparison.Ordinal);

    protected override ProcessStartInfo Prepare(Addressing addressing, RunEnvironment environment, string directory)
    {
        var config = Path.Combine(directory, "gobgpd.toml");
        File.WriteAllText(config, Config(addressing, environment));
        var start = new ProcessStartInfo(Binary);
        foreach (var argument in new[]
                 {
                     "-f", config, "-l", "warn", "--pprof-disable",
                     "--api-hosts", $"{Addressing.Reflector}:{environment.GoBgpApiPort.ToString(CultureInfo.InvariantCulture)}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string Config(Addressing addressing, RunEnvironment environment)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("[global.config]");
        text.AppendLine(invariant, $"  as = {Addressing.LocalAs}");
        text.AppendLine(invariant, $"  router-id = \"{Addressing.Reflector}\"");
        text.AppendLine(invariant, $"  port = {environment.Port}");
        text.AppendLine(invariant, $"  local-address-list = [\"{Addressing.Reflector}\"]");
        foreach (var client in addressing.Clients)
        {
            text.AppendLine();
            text.AppendLine("[[neighbors]]");
            text.AppendLine("  [neighbors.config]");
            text.AppendLine(invariant, $"    neighbor-address = \"{client}\"");
            text.AppendLine(invariant, $"    peer-as = {Addressing.LocalAs}");
            text.AppendLine("  [neighbors.transport.config]");
            text.AppendLine(invariant, $"    local-address = \"{Addressing.Reflector}\"");
            text.AppendLine("    passive-mode = true");
            text.AppendLine("  [neighbors.timers.config]");
            text.AppendLine(invariant, $"    hold-time = {environment.HoldTimeSeconds}");
            text.AppendLine(invariant, $"    keepalive-interval = {environment.KeepaliveSeconds}");
            text.AppendLine("  [neighbors.route-reflector.config]");
            text.AppendLine("    route-reflector-client = true");
            text.AppendLine(invariant, $"    route-reflector-cluster-id = \"{Addressing.ClusterId}\"");
            text.AppendLine("  [[neighbors.afi-safis]]");
            text.AppendLine("    [neighbors.afi-safis.config]");
            text.AppendLine("      afi-safi-name = \"ipv4-unicast\"");
        }

        return text.ToString();
    }
}
