namespace Bgp.Speaker.Decision;

/// <summary>
/// The outcome of comparing two paths: <see cref="Result"/> is negative when the first is
/// preferred, positive when the second is, zero when they are identical; <see cref="Reason"/>
/// names the tie-breaker that decided.
/// </summary>
public readonly record struct PathComparison(int Result, BestPathReason Reason)
{
    public bool FirstWins => Result < 0;

    public bool SecondWins => Result > 0;

    public override string ToString() => $"{(Result < 0 ? "first" : Result > 0 ? "second" : "neither")} by {Reason}";
}
