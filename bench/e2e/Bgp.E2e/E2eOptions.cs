using System.Globalization;

namespace Bgp.E2e;

/// <summary>Command line of Bgp.E2e (run.sh passes it through; see bench/e2e/README.md).</summary>
internal sealed class E2eOptions
{
    public const int DefaultClients = 5;
    public const int SmokePrefixes = 1000;
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>Slow daemons at big scales (GoBGP at 20 × 10k took 270 s in the issue) need more than the default.</summary>
    public const int MaxTimeoutSeconds = 900;
    public const int NamespacePort = 179;
    public const int HostPort = 17900;
    public const int NamespaceGoBgpApiPort = 50051;
    public const int HostGoBgpApiPort = 17951;

    /// <summary>The scale run (issue 5): 1,000 clients × 100 prefixes = 100,000 routes.</summary>
    public const int ScaleClients = 1000;

    public const int ScalePrefixes = 100;

    /// <summary>The scale run's hold time: short, so a late keepalive shows (keepalives every 3 s).</summary>
    public const ushort ScaleHoldSeconds = 9;

    /// <summary>How long the scale run keeps every session up after convergence, watching keepalives.</summary>
    public const int ScaleObserveSeconds = 30;

    /// <summary>RFC 4271 §4.4: a hold time is 0 or at least 3 seconds; 0 would turn keepalives off.</summary>
    private const int MinHoldSeconds = 3;

    private static readonly int[] DefaultSweep = [1000, 5000, 10000];
    private static readonly string[] ScaleDaemons = ["bird", "frr"];
    private static readonly string[] ReferenceDaemons = ["bird", "gobgp", "frr"];

    public int Clients { get; private set; } = DefaultClients;

    public IReadOnlyList<int> PrefixCounts { get; private set; } = DefaultSweep;

    public IReadOnlyList<string> Daemons { get; private set; } = ReferenceDaemons;

    public int TimeoutSeconds { get; private set; } = DefaultTimeoutSeconds;

    public bool Smoke { get; private set; }

    /// <summary>The scale run (<c>--scale</c>): every client a full receiver, keepalive punctuality reported.</summary>
    public bool Scale { get; private set; }

    /// <summary>The hold time every side offers (240 s normally, <see cref="ScaleHoldSeconds"/> in the scale run).</summary>
    public ushort HoldTimeSeconds { get; private set; } = BgpConnection.HoldTimeSeconds;

    public int ObserveSeconds { get; private set; } = ScaleObserveSeconds;

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
        int? clients = null;
        ushort? hold = null;
        string[]? daemons = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--clients":
                    clients = int.Parse(Value(), CultureInfo.InvariantCulture);
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
                    daemons = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--include-ours":
                    includeOurs = true;
                    break;
                case "--smoke":
                    options.Smoke = true;
                    break;
                case "--scale":
                    options.Scale = true;
                    break;
                case "--hold":
                    hold = ushort.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--observe":
                    options.ObserveSeconds = int.Parse(Value(), CultureInfo.InvariantCulture);
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

        if (options.Scale)
        {
            options.Clients = ScaleClients;
            options.PrefixCounts = [ScalePrefixes];
            options.HoldTimeSeconds = ScaleHoldSeconds;
            options.Daemons = ScaleDaemons;
        }

        options.Clients = clients ?? options.Clients;
        options.HoldTimeSeconds = hold ?? options.HoldTimeSeconds;
        options.Daemons = daemons ?? options.Daemons;
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

        if (options.Smoke && options.Scale)
        {
            throw new ArgumentException("--smoke and --scale are different runs");
        }

        if (options.HoldTimeSeconds < MinHoldSeconds)
        {
            throw new ArgumentException($"--hold must be at least {MinHoldSeconds} seconds (RFC 4271 §4.4)");
        }

        if (options.ObserveSeconds < 1)
        {
            throw new ArgumentException("--observe must be at least 1 second");
        }

        if (options.TimeoutSeconds is < 1 or > MaxTimeoutSeconds)
        {
            throw new ArgumentException($"--timeout must be 1..{MaxTimeoutSeconds} seconds");
        }

        return options;
    }
}
