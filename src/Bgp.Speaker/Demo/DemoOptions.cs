using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Demo;

/// <summary>The demo's command line: <c>bgpd [demo] [--once] [--nodes N] [--address A] [--port P] …</c>.</summary>
internal sealed record DemoOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The reflector's address; the nodes follow it (<see cref="DemoTopology"/>).</summary>
    public IPAddress ReflectorAddress { get; init; } = DemoTopology.DefaultReflectorAddress;

    /// <summary>The reflector's port; 0 picks a free one.</summary>
    public int Port { get; init; } = DemoTopology.DefaultPort;

    public int NodeCount { get; init; } = DemoTopology.DefaultNodeCount;

    /// <summary>Exit after printing the converged lab (for scripts and tests) instead of serving until Ctrl-C.</summary>
    public bool Once { get; init; }

    /// <summary>How long the lab may take to converge before the demo gives up.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// The speakers' log level (to stderr). Error by default: the demo reports sessions itself, and
    /// the shutdown's Cease NOTIFICATIONs, logged as warnings, would only repeat what it prints.
    /// </summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Error;

    /// <summary>Print the lab's configuration files and exit.</summary>
    public bool PrintConfig { get; init; }

    /// <summary>Write the lab's configuration files into this directory and exit.</summary>
    public string? WriteConfigDirectory { get; init; }

    /// <summary>True for the options the demo takes, so that <c>bgpd --once</c> means <c>bgpd demo --once</c>.</summary>
    public static bool IsDemoOption(string argument) => argument is
        "--once" or "--nodes" or "--address" or "--port" or "--timeout" or "--log-level" or "--print-config" or "--write-config";

    /// <summary>Parses the demo's arguments; on failure <paramref name="error"/> says which one and why.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out DemoOptions options, out string error)
    {
        options = new DemoOptions();
        error = "";
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            switch (name)
            {
                case "--once":
                    options = options with { Once = true };
                    continue;
                case "--print-config":
                    options = options with { PrintConfig = true };
                    continue;
            }

            if (value is null)
            {
                error = IsDemoOption(name) ? $"{name} needs a value" : $"unexpected '{name}'";
                return false;
            }

            i++;
            switch (name)
            {
                case "--nodes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int nodes)
                                    && nodes is >= 1 and <= DemoTopology.MaxNodeCount:
                    options = options with { NodeCount = nodes };
                    break;
                case "--address" when IPAddress.TryParse(value, out IPAddress? address):
                    options = options with { ReflectorAddress = address };
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= IPEndPoint.MaxPort:
                    options = options with { Port = port };
                    break;
                case "--timeout" when double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds > 0:
                    options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--log-level" when Enum.TryParse(value, ignoreCase: true, out LogLevel level):
                    options = options with { LogLevel = level };
                    break;
                case "--write-config":
                    options = options with { WriteConfigDirectory = value };
                    break;
                default:
                    error = IsDemoOption(name) ? $"{name}: invalid value '{value}', expected {Expected(name)}" : $"unexpected '{name}'";
                    return false;
            }
        }

        return true;
    }

    private static string Expected(string option) => option switch
    {
        "--nodes" => $"1 to {DemoTopology.MaxNodeCount}",
        "--address" => "an IPv4 loopback address such as 127.0.0.1",
        "--port" => $"0 (any free port) to {IPEndPoint.MaxPort}",
        "--timeout" => "seconds, more than 0",
        _ => "one of trace, debug, information, warning, error, critical, none",
    };
}
