using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Bgp.E2e.Daemons;

namespace Bgp.E2e;

/// <summary>
/// The end-to-end reflector benchmark (issue 5): the same load through each reflector, one after
/// the other, in one run. Normally started by bench/e2e/run.sh inside a network namespace it
/// created; prints a markdown table per scale, appends it to the results file and draws the plot.
/// Exit code 1 when any daemon did not end with exactly the expected route set.
/// </summary>
internal static class Program
{
    private const string ResultsFile = "RESULTS.md";
    private const string PlotFile = "convergence-latest.svg";
    private const int Failure = 1;
    private const int UsageError = 2;

    public static async Task<int> Main(string[] args)
    {
        E2eOptions options;
        try
        {
            options = E2eOptions.Parse(args);
        }
        catch (Exception error) when (error is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"Bgp.E2e: {error.Message}");
            return UsageError;
        }

        // Ctrl-C or run.sh's trap: stop the current run; its finally kills the daemon by PID.
        using var cancellation = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }

        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var environment = new RunEnvironment(
            options.InNamespace ? E2eOptions.NamespacePort : E2eOptions.HostPort,
            options.InNamespace ? E2eOptions.NamespaceGoBgpApiPort : E2eOptions.HostGoBgpApiPort,
            options.WorkDirectory, options.BgpdDll) { HoldTimeSeconds = options.HoldTimeSeconds };
        if (options.InNamespace)
        {
            AddLoopbackAddresses(new Addressing(options.Clients, 1));
        }
        else
        {
            Console.WriteLine("WARNING: no network namespace (needs root and iproute2): running on the host's loopback, " +
                              $"reflector on 127.0.0.1:{environment.Port}; figures may be disturbed by other processes.");
        }

        var daemons = new List<ReflectorDaemon>();
        foreach (var name in options.Daemons)
        {
            ReflectorDaemon? daemon = name switch
            {
                "bird" => new BirdReflector(),
                "gobgp" => new GoBgpReflector(),
                "frr" => new FrrReflector(),
                "ours" => new OursReflector(),
                _ => null,
            };
            if (daemon is null)
            {
                await Console.Error.WriteLineAsync($"Bgp.E2e: unknown daemon {name} (bird, gobgp, frr, ours)");
                return UsageError;
            }

            if (daemon.Unavailable(environment) is { } why)
            {
                Console.WriteLine($"skipping {name}: {why}");
                continue;
            }

            daemons.Add(daemon);
        }

        if (options.Scale)
        {
            return await ScaleMode.RunAsync(options, daemons, environment, cancellation.Token);
        }

        var started = DateTimeOffset.Now;
        var machine = Machine();
        var loadBefore = LoadAverage();
        Console.WriteLine($"{started:yyyy-MM-dd HH:mm zzz} on {machine}; {(options.InNamespace ? $"network namespace {options.Namespace}" : "host loopback")}");
        var results = new List<RunResult>();
        try
        {
            foreach (var prefixes in options.PrefixCounts)
            {
                var addressing = new Addressing(options.Clients, prefixes);
                foreach (var daemon in daemons)
                {
                    Console.Write($"{daemon.Name,-6} {options.Clients} × {prefixes:N0} = {addressing.TotalPrefixes:N0} routes … ");
                    var run = new BenchmarkRun(daemon, addressing, environment, TimeSpan.FromSeconds(options.TimeoutSeconds), Console.Out);
                    var result = await run.RunAsync(cancellation.Token);
                    results.Add(result);
                    Console.WriteLine(result.Converged
                        ? string.Create(CultureInfo.InvariantCulture, $"{result.WallSeconds:0.00} s wall, {result.CpuSeconds:0.00} CPU-s, {result.PeakRssMiB:0} MiB peak RSS, {result.MonitorUpdates:N0} UPDATEs at the monitor{(result.Detail == "exact" ? string.Empty : result.Detail[5..])}")
                        : $"{result.Status}: {result.Detail}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine();
            Console.WriteLine("interrupted: daemons stopped");
        }

        if (results.Count == 0)
        {
            return Failure;
        }

        var kind = options.Smoke ? "smoke" : "run";
        var heading = $"## {started:yyyy-MM-dd HH:mm} — {kind}, {machine}, load average {loadBefore} before, {LoadAverage()} after" +
                      (options.InNamespace ? string.Empty : " (host loopback, no namespace)");
        var tables = ReportWriter.Tables(results, heading);
        Console.WriteLine();
        Console.WriteLine(tables);
        Directory.CreateDirectory(options.ResultsDirectory);
        await File.AppendAllTextAsync(Path.Combine(options.ResultsDirectory, ResultsFile), tables + Environment.NewLine);
        var plot = Path.Combine(options.ResultsDirectory, PlotFile);
        await File.WriteAllTextAsync(plot, SvgPlot.Render(results, $"Route reflector convergence, {options.Clients} clients + monitor ({started:yyyy-MM-dd})"));
        Console.WriteLine($"appended to {Path.Combine(options.ResultsDirectory, ResultsFile)}; plot in {plot}");

        var failed = results.Where(r => r.Status is RunStatus.Mismatch or RunStatus.Timeout or RunStatus.Error).ToList();
        if (failed.Count > 0 || cancellation.IsCancellationRequested)
        {
            Console.WriteLine($"FAIL: {string.Join(", ", failed.Select(r => $"{r.Daemon} at {r.Testers}×{r.PrefixesPerTester}"))} did not converge to the expected route set");
            return Failure;
        }

        Console.WriteLine("OK: every daemon converged to the same route set");
        return 0;
    }

    /// <summary>Adds the reflector's, the monitor's and every tester's address to lo, in one <c>ip -batch</c>.</summary>
    private static void AddLoopbackAddresses(Addressing addressing)
    {
        var start = new ProcessStartInfo("ip", "-force -batch -") { RedirectStandardInput = true, RedirectStandardError = true };
        using var ip = Process.Start(start)!;
        foreach (var address in addressing.Clients.Prepend(Addressing.Reflector))
        {
            ip.StandardInput.WriteLine($"addr replace {address}/32 dev lo");
        }

        ip.StandardInput.Close();
        var errors = ip.StandardError.ReadToEnd();
        ip.WaitForExit();
        if (ip.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip addr add failed: {errors}");
        }
    }

    /// <summary>The 1-minute load average: other work on the machine disturbs the figures.</summary>
    internal static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    internal static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} vCPU {model}, {kib / 1024.0 / 1024.0:0} GiB");
    }
}
