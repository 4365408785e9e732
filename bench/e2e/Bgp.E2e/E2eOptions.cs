using System.Globalization;

namespace Bgp.E2e;

/// <summary>Command line of Bgp.E2e (run.sh passes it through; see bench/e2e/README.md).</summary>
internal sealed class E2eOptions
{
    public const int DefaultClients = 5;
    public const int SmokePrefixes = 1000;
    public const int DefaultTimeoutSeconds = 300;
    public const int NamespacePort = 179;
    public const int HostPort = 17900;
    public const int NamespaceGoBgpApiPort = 50051;
    public const int HostGoBgpApiPort = 17951;

    private static readonly int[] DefaultSweep = [1000, 5000, 10000];
    private static readonly string[] ReferenceDaemons = ["bird", "gobgp", "frr"];

    public int Clients { get; private set; } = DefaultClients;

    public IReadOnlyList<int> PrefixCounts { get; private set; } = DefaultSweep;

    public IReadOnlyList<string> Daemons { get; private set; } = ReferenceDaemons;

    public int TimeoutSeconds { get; private set; } = DefaultTimeoutSeconds;

    public bool Smoke { get; private set; }

    /// <summary>False when run.sh could not create a network namespace: host loopback, unprivileged port.</summary>
    public bool InNamespace { get; private set; }

    public string? Namespace { get; private set; }

    public string ResultsDirectory { get; private set; } = "bench/e2e/results";

    public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "bgp-e2e");

    public string? BgpdDll { get; private set; }

    public static E2eOptions Parse(string[] args)
    {
        var options = new E2eOptions();
        int? prefixes = null;
        var sweep = false;
        var includeOurs = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--clients":
                    options.Clients = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--prefixes":
                    prefixes = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--sweep":
                    sweep = true;
                    break;
                case "--sweep-prefixes":
                    options.PrefixCounts = Value().Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
                    sweep = true;
                    break;
                case "--daemons":
                    options.Daemons = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--include-ours":
                    includeOurs = true;
                    break;
                case "--smoke":
                    options.Smoke = true;
                    break;
                case "--timeout":
                    options.TimeoutSeconds = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--netns":
                    options.InNamespace = true;
                    options.Namespace = Value();
                    break;
                case "--results":
                    options.ResultsDirectory = Value();
                    break;
                case "--work":
                    options.WorkDirectory = Value();
                    break;
                case "--bgpd":
                    options.BgpdDll = Value();
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (options.Smoke)
        {
            options.Clients = DefaultClients;
            options.PrefixCounts = [SmokePrefixes];
        }
        else if (prefixes is { } m && !sweep)
        {
            options.PrefixCounts = [m];
        }

        if (includeOurs && !options.Daemons.Contains("ours"))
        {
            options.Daemons = [.. options.Daemons, "ours"];
        }

        if (options.TimeoutSeconds is < 1 or > DefaultTimeoutSeconds)
        {
            throw new ArgumentException($"--timeout must be 1..{DefaultTimeoutSeconds} seconds");
        }

        return options;
    }
}
