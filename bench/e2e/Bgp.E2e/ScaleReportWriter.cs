using System.Globalization;
using System.Text;

namespace Bgp.E2e;

/// <summary>The scale run's markdown: one table of every daemon, then what each figure means and every drop.</summary>
internal static class ScaleReportWriter
{
    private const int DropsListed = 5;

    public static string Table(IReadOnlyList<ScaleResult> results, string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(heading);
        text.AppendLine();
        if (results.Count == 0)
        {
            return text.ToString();
        }

        var shape = results[0];
        text.AppendLine(Invariant(
            $"### Scale: {shape.Clients:N0} clients × {shape.PrefixesPerClient:N0} prefixes = {shape.TotalRoutes:N0} routes, every client a full receiver ({shape.Deliveries:N0} route deliveries), hold time {shape.HoldSeconds} s"));
        text.AppendLine();
        text.AppendLine("| daemon | version | all sessions up s | monitor has all s | every client has all s | CPU s to convergence | CPU s while held | peak RSS MiB | longest silence from reflector: max (client), p99, median s | clients over limit | drops (NOTIFICATIONs) | check | result |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |");
        foreach (var run in results)
        {
            var p = run.Punctuality;
            text.AppendLine(Invariant(
                $"| {run.Daemon} | {run.Version} | {Number(run.SessionsUpSeconds)} | {Number(run.MonitorSeconds)} | {Number(run.AllClientsSeconds)} | {Number(run.CpuSeconds)} | {Number(run.CpuHeldSeconds)} | {Number(run.PeakRssMiB, "0")} | {p.MaxSeconds:0.00} ({p.WorstClient ?? "—"}), {p.P99Seconds:0.00}, {p.MedianSeconds:0.00} | {p.Late} | {run.Drops.Count} ({run.Notifications}) | {Check(run)} | {(run.Passed ? "pass" : "**FAIL**")} |"));
        }

        text.AppendLine();
        text.Append(Invariant(
            $"Hold time {shape.HoldSeconds} s on every side (keepalives every {shape.HoldSeconds / BgpConnection.KeepaliveDivisor} s); the limit for a client's longest silence from the reflector is {shape.Punctuality.LimitSeconds:0.0} s (2/3 of the hold time). "));
        text.Append(Invariant(
            $"Silence = longest time between whole messages (KEEPALIVE or UPDATE) received, per session from Established to the end of the run (convergence plus {shape.HeldSeconds} s held); "));
        text.AppendLine(Invariant(
            $"{shape.Clients + 1:N0} sessions (the clients and the monitor). Clock from the clients' start. Every client checks every route it receives (NEXT_HOP, ORIGINATOR_ID, CLUSTER_LIST)."));
        text.AppendLine();
        foreach (var run in results)
        {
            text.Append(Invariant(
                $"- {run.Daemon}: {run.ClientsConverged:N0} of {run.Clients + 1:N0} clients converged; harness CPU {run.HarnessCpuSeconds:0.0} s, its own longest keepalive gap {run.Punctuality.HarnessKeepaliveGapSeconds:0.00} s; own routes sent back {run.Echoed:N0}; connection attempts refused or unanswered {run.FailedAttempts:N0}"));
            text.AppendLine(run.Drops.Count == 0 ? "." : $"; drops: {string.Join("; ", run.Drops.Take(DropsListed))}{(run.Drops.Count > DropsListed ? " …" : string.Empty)}");
        }

        text.AppendLine();
        return text.ToString();
    }

    private const int DetailLimit = 200;

    private static string Check(ScaleResult run)
    {
        var detail = run.Detail.Replace('\n', ' ').Replace("|", "\\|", StringComparison.Ordinal);
        detail = detail.Length <= DetailLimit ? detail : detail[..DetailLimit] + "…";
        return run.Status == RunStatus.Exact ? detail : $"**{run.Status.ToString().ToLowerInvariant()}**: {detail}";
    }

    private static string Number(double? value, string format = "0.00") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
