using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bgp.E2e.Daemons;

/// <summary>
/// BIRD 2 as the reflector: one <c>protocol bgp</c> per client (BIRD 2.0 has no dynamic BGP
/// neighbors for this), all from one template with <c>rr client</c> and <c>rr cluster id</c>.
/// iBGP next hops resolve recursively through the master table, where a static blackhole covers
/// the testers' next-hop range. Run in the foreground (<c>-f</c>) so the measured PID is BIRD.
/// </summary>
internal sealed class BirdReflector : ReflectorDaemon
{
    private const string Binary = "/usr/sbin/bird";

    public override string Name => "bird";

    public override string? Unavailable(RunEnvironment environment) => MissingFile(Binary, "BIRD 2 (apt install bird2)");

    public override string Version(RunEnvironment environment) => "BIRD " + FirstLine(Binary, "--version").Replace("BIRD version ", string.Empty, StringComparison.Ordinal);

    protected override ProcessStartInfo Prepare(Addressing addressing, RunEnvironment environment, string directory)
    {
        var config = Path.Combine(directory, "bird.conf");
        File.WriteAllText(config, Config(addressing, environment));
        var start = new ProcessStartInfo(Binary);
        foreach (var argument in new[] { "-f", "-c", config, "-s", Path.Combine(directory, "bird.ctl") })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static string Config(Addressing addressing, RunEnvironment environment)
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(invariant, $"router id {Addressing.Reflector};");
        text.AppendLine("protocol device {}");
        text.AppendLine(invariant, $"protocol static nexthops {{ ipv4; route {Addressing.NextHopRange} blackhole; }}");
        text.AppendLine("template bgp rrclient {");
        text.AppendLine(invariant, $"  local {Addressing.Reflector} port {environment.Port} as {Addressing.LocalAs};");
        // Without strict bind BIRD listens on 0.0.0.0.
        text.AppendLine("  strict bind yes;");
        text.AppendLine("  passive on;");
        text.AppendLine("  rr client;");
        text.AppendLine(invariant, $"  rr cluster id {Addressing.ClusterId};");
        text.AppendLine(invariant, $"  hold time {environment.HoldTimeSeconds};");
        // Only BGP routes: the static blackhole that resolves next hops must not be announced.
        text.AppendLine("  ipv4 { import all; export where source = RTS_BGP; gateway recursive; igp table master4; };");
        text.AppendLine("}");
        var index = 0;
        foreach (var client in addressing.Clients)
        {
            text.AppendLine(invariant, $"protocol bgp client{index++} from rrclient {{ neighbor {client} as {Addressing.LocalAs}; }}");
        }

        return text.ToString();
    }
}
