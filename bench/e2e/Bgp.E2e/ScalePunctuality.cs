namespace Bgp.E2e;

/// <summary>
/// Keepalive punctuality over every session of a scale run. Per client: the longest time without a
/// whole message (KEEPALIVE or UPDATE, either resets a hold timer, RFC 4271 §6.5) from the
/// reflector, from Established to the end of the run. <see cref="Late"/> counts clients whose
/// longest silence exceeded <see cref="LimitSeconds"/> (two thirds of the hold time: one keepalive
/// missed and the next one late). <see cref="HarnessKeepaliveGapSeconds"/> is the longest gap
/// between the harness's own keepalives, which shows whether the harness itself was starved.
/// </summary>
internal sealed record ScalePunctuality(
    double MaxSeconds,
    double MedianSeconds,
    double P99Seconds,
    string? WorstClient,
    double LimitSeconds,
    int Late,
    double HarnessKeepaliveGapSeconds)
{
    private const double Percentile99 = 0.99;
    private const double Median = 0.5;

    public static ScalePunctuality From(IReadOnlyList<(string Client, double Seconds)> gaps, double limitSeconds, double harnessGapSeconds)
    {
        if (gaps.Count == 0)
        {
            return new ScalePunctuality(0, 0, 0, null, limitSeconds, 0, harnessGapSeconds);
        }

        var sorted = gaps.OrderBy(g => g.Seconds).ToArray();
        double At(double fraction) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)].Seconds;
        return new ScalePunctuality(sorted[^1].Seconds, At(Median), At(Percentile99), sorted[^1].Client, limitSeconds,
            sorted.Count(g => g.Seconds > limitSeconds), harnessGapSeconds);
    }
}
