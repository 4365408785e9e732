using System.Globalization;
using System.Text;

namespace Bgp.E2e;

/// <summary>Markdown tables, one per scale: the figures per daemon and ours relative to each.</summary>
internal static class ReportWriter
{
    private const string Ours = "ours";

    public static string Tables(IReadOnlyList<RunResult> results, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(heading);
        text.AppendLine();
        foreach (var scale in results.GroupBy(r => (r.Testers, r.PrefixesPerTester)))
        {
            var runs = scale.ToList();
            var ours = runs.FirstOrDefault(r => r.Daemon == Ours && r.Converged);
            text.AppendLine(Invariant($"### {scale.Key.Testers} clients × {scale.Key.PrefixesPerTester:N0} prefixes = {scale.Key.Testers * scale.Key.PrefixesPerTester:N0} routes (reflected to {scale.Key.Testers + 1} clients)"));
            text.AppendLine();
            text.AppendLine("| daemon | version | wall s | CPU s | CPU s since start | peak RSS MiB | routes at monitor | check | ours ÷ this (wall, CPU, RSS) |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |");
            foreach (var run in runs)
            {
                var ratio = ours is null || run.Daemon == Ours || !run.Converged
                    ? "—"
                    : Invariant($"{Ratio(ours.WallSeconds, run.WallSeconds)}, {Ratio(ours.CpuSeconds, run.CpuSeconds)}, {Ratio(ours.PeakRssMiB, run.PeakRssMiB)}");
                text.AppendLine(Invariant(
                    $"| {run.Daemon} | {run.Version} | {Number(run.WallSeconds)} | {Number(run.CpuSeconds)} | {Number(run.CpuTotalSeconds)} | {Number(run.PeakRssMiB, "0")} | {run.Held:N0} / {run.TotalRoutes:N0} | {Check(run)} | {ratio} |"));
            }

            var converged = runs.Where(r => r.Converged).Select(r => r.Daemon).ToList();
            text.AppendLine();
            text.AppendLine(converged.Count == runs.Count(r => r.Status != RunStatus.NotYetReflector)
                ? $"Same route set at the monitor for {string.Join(", ", converged)}: all {scale.Key.Testers * scale.Key.PrefixesPerTester:N0} prefixes, NEXT_HOP and ORIGINATOR_ID of their tester, cluster ID in CLUSTER_LIST."
                : "**FAIL**: not every daemon converged to the expected route set (see check).");
            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Check(RunResult run) => run.Status switch
    {
        RunStatus.Exact => Short(run.Detail),
        RunStatus.NotYetReflector => "not yet a reflector",
        _ => "**FAIL** " + run.Status.ToString().ToLowerInvariant() + ": " + Short(run.Detail).Replace('\n', ' ').Replace("|", "\\|", StringComparison.Ordinal),
    };

    private const int DetailLimit = 160;

    private static string Short(string detail) => detail.Length <= DetailLimit ? detail : detail[..DetailLimit] + "…";

    private static string Number(double? value, string format = "0.00") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Ratio(double? ours, double? theirs) =>
        ours is { } o && theirs is { } t && t > 0 ? (o / t).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
