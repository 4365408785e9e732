using System.Globalization;
using System.Text;

namespace Bgp.E2e;

/// <summary>
/// A hand-written SVG line chart: convergence wall time against routes reflected, one line per
/// daemon. The time axis is logarithmic when the daemons differ by more than
/// <see cref="LogSpread"/>× (GoBGP next to BIRD), linear otherwise.
/// </summary>
internal static class SvgPlot
{
    private const int Width = 760;
    private const int Height = 460;
    private const int Left = 70;
    private const int Right = 150;
    private const int Top = 40;
    private const int Bottom = 60;
    private const int Ticks = 5;
    private const double LogSpread = 20;
    private const double MarkerRadius = 4;

    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    public static string Render(IReadOnlyList<RunResult> results, string title)
    {
        var points = results.Where(r => r.Converged && r.WallSeconds > 0).ToList();
        var text = new StringBuilder();
        text.AppendLine(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        text.AppendLine(Invariant($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        text.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>"));
        if (points.Count == 0)
        {
            text.AppendLine(Invariant($"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no converged run</text></svg>"));
            return text.ToString();
        }

        double plotWidth = Width - Left - Right, plotHeight = Height - Top - Bottom;
        var maxRoutes = points.Max(p => p.TotalRoutes);
        var minTime = points.Min(p => p.WallSeconds!.Value);
        var maxTime = points.Max(p => p.WallSeconds!.Value);
        var log = maxTime / minTime > LogSpread;
        var yLow = log ? Math.Floor(Math.Log10(minTime)) : 0;
        var yHigh = log ? Math.Ceiling(Math.Log10(maxTime)) : NiceCeiling(maxTime);
        var xHigh = NiceCeiling(maxRoutes);
        double X(double routes) => Left + routes / xHigh * plotWidth;
        double Y(double seconds) => Top + plotHeight - ((log ? Math.Log10(seconds) : seconds) - yLow) / (yHigh - yLow) * plotHeight;

        // Axes, grid and labels.
        text.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>"));
        text.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\" stroke=\"black\"/>"));
        for (var i = 0; i <= Ticks; i++)
        {
            var routes = xHigh * i / Ticks;
            var x = X(routes);
            text.AppendLine(Invariant($"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Top + plotHeight}\" stroke=\"#eee\"/>"));
            text.AppendLine(Invariant($"<text x=\"{x:0.#}\" y=\"{Top + plotHeight + 18}\" text-anchor=\"middle\">{routes:N0}</text>"));
        }

        var yTicks = log ? (int)(yHigh - yLow) : Ticks;
        for (var i = 0; i <= yTicks; i++)
        {
            var seconds = log ? Math.Pow(10, yLow + i) : yHigh * i / Ticks;
            var y = log ? Y(seconds) : Top + plotHeight - i * plotHeight / Ticks;
            text.AppendLine(Invariant($"<line x1=\"{Left}\" y1=\"{y:0.#}\" x2=\"{Left + plotWidth}\" y2=\"{y:0.#}\" stroke=\"#eee\"/>"));
            text.AppendLine(Invariant($"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{seconds:0.##}</text>"));
        }

        text.AppendLine(Invariant($"<text x=\"{Left + plotWidth / 2:0.#}\" y=\"{Height - 18}\" text-anchor=\"middle\">routes reflected (clients × prefixes each)</text>"));
        text.AppendLine(Invariant($"<text transform=\"translate(18 {Top + plotHeight / 2:0.#}) rotate(-90)\" text-anchor=\"middle\">convergence wall seconds{(log ? " (log)" : string.Empty)}</text>"));

        var colour = 0;
        var legendY = Top + 10;
        foreach (var daemon in points.GroupBy(p => p.Daemon))
        {
            var stroke = Colours[colour++ % Colours.Length];
            var series = daemon.OrderBy(p => p.TotalRoutes).ToList();
            var path = string.Join(' ', series.Select(p => Invariant($"{X(p.TotalRoutes):0.#},{Y(p.WallSeconds!.Value):0.#}")));
            text.AppendLine(Invariant($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\" points=\"{path}\"/>"));
            foreach (var point in series)
            {
                text.AppendLine(Invariant($"<circle cx=\"{X(point.TotalRoutes):0.#}\" cy=\"{Y(point.WallSeconds!.Value):0.#}\" r=\"{MarkerRadius}\" fill=\"{stroke}\"><title>{Escape(daemon.Key)}: {point.TotalRoutes:N0} routes, {point.WallSeconds:0.00} s</title></circle>"));
            }

            var legendX = Left + plotWidth + 15;
            text.AppendLine(Invariant($"<line x1=\"{legendX:0.#}\" y1=\"{legendY}\" x2=\"{legendX + 20:0.#}\" y2=\"{legendY}\" stroke=\"{stroke}\" stroke-width=\"3\"/>"));
            text.AppendLine(Invariant($"<text x=\"{legendX + 26:0.#}\" y=\"{legendY + 4}\">{Escape(series[0].Version)}</text>"));
            legendY += 20;
        }

        text.AppendLine("</svg>");
        return text.ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at or above <paramref name="value"/>.</summary>
    private static double NiceCeiling(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
