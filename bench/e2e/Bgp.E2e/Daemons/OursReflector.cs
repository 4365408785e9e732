using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bgp.E2e.Daemons;

/// <summary>
/// Our daemon, <c>bgpd run --config FILE</c> (docs/CONFIG.md): every client a passive iBGP peer.
/// The reflector options (issue 5) are offered when bgpd's <c>check-config</c> accepts them; until
/// then ours runs as a plain iBGP speaker, which does not reflect (split horizon), and the run
/// ends at the timeout with "not yet a reflector".
/// </summary>
internal sealed class OursReflector : ReflectorDaemon
{
    /// <summary>The reflector section and its cluster ID (docs/CONFIG.md, Route reflection).</summary>
    private const string ReflectorSection = "routeReflector";

    private const string ClusterIdField = "clusterId";

    private const string ClientField = "routeReflectorClient";

    private bool? _reflectorConfig;

    public override string Name => "ours";

    /// <summary>Whether bgpd accepted the reflector fields (null before the first run).</summary>
    public bool? ReflectorConfig => _reflectorConfig;

    public override string? Unavailable(RunEnvironment environment) =>
        environment.BgpdDll is null ? "bgpd not given (--bgpd)" : MissingFile(environment.BgpdDll, "bgpd");

    public override string Version(RunEnvironment environment) =>
        "bgpd " + (Environment.GetEnvironmentVariable("E2E_OURS_VERSION") ?? "(this checkout)");

    protected override ProcessStartInfo Prepare(Addressing addressing, RunEnvironment environment, string directory)
    {
        var config = Path.Combine(directory, "bgpd.json");
        if (_reflectorConfig is null)
        {
            File.WriteAllText(config, Config(addressing, environment, reflector: true));
            _reflectorConfig = CheckConfig(environment, config);
        }

        File.WriteAllText(config, Config(addressing, environment, _reflectorConfig.Value));
        var start = Bgpd(environment, "run", "--config", config, "--log-level", "warning", "--metrics", "none");

        // A server GC on two cores would double the heap; the speaker is tuned for the workstation GC.
        start.Environment["DOTNET_gcServer"] = "0";
        return start;
    }

    /// <summary>
    /// bgpd as built: the native AOT binary (what ships; run.sh's default), or bgpd.dll on the
    /// .NET runtime (run.sh --jit).
    /// </summary>
    private static ProcessStartInfo Bgpd(RunEnvironment environment, params string[] arguments)
    {
        var bgpd = environment.BgpdDll!;
        var onRuntime = bgpd.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(onRuntime ? "dotnet" : bgpd);
        if (onRuntime)
        {
            start.ArgumentList.Add(bgpd);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static bool CheckConfig(RunEnvironment environment, string config)
    {
        var start = Bgpd(environment, "check-config", config);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static string Config(Addressing addressing, RunEnvironment environment, bool reflector)
    {
        var defaults = new JsonObject
        {
            ["remoteAs"] = Addressing.LocalAs,
            ["mode"] = "passive",
            ["holdTime"] = environment.HoldTimeSeconds,
            ["families"] = new JsonArray("ipv4-unicast"),
            ["gracefulRestart"] = false,
        };
        var root = new JsonObject
        {
            ["localAs"] = Addressing.LocalAs,
            ["routerId"] = Addressing.Reflector.ToString(),
            ["listen"] = new JsonObject { ["address"] = Addressing.Reflector.ToString(), ["port"] = environment.Port },
        };
        if (reflector)
        {
            root[ReflectorSection] = new JsonObject { [ClusterIdField] = Addressing.ClusterId };
            defaults[ClientField] = true;
        }

        root["peerDefaults"] = defaults;
        var peers = new JsonArray();
        var index = 0;
        foreach (var client in addressing.Clients)
        {
            peers.Add(new JsonObject { ["name"] = $"client{index++}", ["address"] = client.ToString() });
        }

        root["peers"] = peers;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
