namespace Bgp.Testing;

/// <summary>
/// What a piece of code allocates on the current thread. The runtime itself allocates on the
/// thread now and then (tiered compilation, on-stack replacement; more often under load), so the
/// probe runs the code <see cref="Rounds"/> times and reports the fewest bytes: code that allocates
/// shows in every round.
/// </summary>
public static class AllocationProbe
{
    public const int Rounds = 3;

    public static long FewestBytes(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        long fewest = long.MaxValue;
        for (int round = 0; round < Rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
