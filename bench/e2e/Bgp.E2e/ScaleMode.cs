using System.Globalization;
using Bgp.E2e.Daemons;

namespace Bgp.E2e;

/// <summary>
/// <c>run.sh --scale</c>: the scale run of issue 5 through each daemon, one after the other. Prints
/// and appends one table to the results file; exit code 1 unless every daemon converged exactly
/// with no session dropped and no client's silence from the reflector over the limit.
/// </summary>
internal static class ScaleMode
{
    private const string ResultsFile = "RESULTS.md";
    private const int Failure = 1;

    public static async Task<int> RunAsync(E2eOptions options, IReadOnlyList<ReflectorDaemon> daemons, RunEnvironment environment, CancellationToken cancellation)
    {
        var started = DateTimeOffset.Now;
        var machine = Program.Machine();
        var loadBefore = Program.LoadAverage();
        var addressing = new Addressing(options.Clients, options.PrefixCounts[0]);
        Console.WriteLine($"{started:yyyy-MM-dd HH:mm zzz} on {machine}; {(options.InNamespace ? $"network namespace {options.Namespace}" : "host loopback")}; load average {loadBefore}");
        var results = new List<ScaleResult>();
        var loads = new List<string>();
        try
        {
            foreach (var daemon in daemons)
            {
                var load = Program.LoadAverage();
                Console.Write($"{daemon.Name,-6} scale: {addressing.Testers:N0} clients × {addressing.PrefixesPerTester:N0} = {addressing.TotalPrefixes:N0} routes, hold {environment.HoldTimeSeconds} s (load {load}) … ");
                var run = new ScaleRun(daemon, addressing, environment, TimeSpan.FromSeconds(options.TimeoutSeconds), TimeSpan.FromSeconds(options.ObserveSeconds));
                var result = await run.RunAsync(cancellation);
                results.Add(result);
                loads.Add($"{daemon.Name} {load}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(result.Passed ? "pass" : "FAIL")}: every client has all at {result.AllClientsSeconds?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"} s, {result.CpuSeconds:0.00} CPU-s, {result.PeakRssMiB:0} MiB, longest silence {result.Punctuality.MaxSeconds:0.00} s, {result.Drops.Count} drops; {result.Detail}"));
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

        var heading = $"## {started:yyyy-MM-dd HH:mm} — scale, {machine}, load average {loadBefore} before, {Program.LoadAverage()} after (at each daemon's start: {string.Join(", ", loads)})" +
                      (options.InNamespace ? string.Empty : " (host loopback, no namespace)");
        var table = ScaleReportWriter.Table(results, heading);
        Console.WriteLine();
        Console.WriteLine(table);
        Directory.CreateDirectory(options.ResultsDirectory);
        await File.AppendAllTextAsync(Path.Combine(options.ResultsDirectory, ResultsFile), table + Environment.NewLine, CancellationToken.None);
        Console.WriteLine($"appended to {Path.Combine(options.ResultsDirectory, ResultsFile)}");

        var failed = results.Where(r => !r.Passed).Select(r => r.Daemon).ToList();
        if (failed.Count > 0 || cancellation.IsCancellationRequested)
        {
            Console.WriteLine($"FAIL: {string.Join(", ", failed)} (not converged exactly, a session dropped, or a client's silence over {results[0].Punctuality.LimitSeconds:0.0} s)");
            return Failure;
        }

        Console.WriteLine("OK: every daemon converged exactly, no session dropped, every client's silence under the limit");
        return 0;
    }
}
