namespace Bgp.Speaker.Policy;

/// <summary>
/// Calico's route priority, carried in LOCAL_PREF (calico-bird.md §2.2, §2.8): a priority p is
/// <c>local_pref = 2147483647 - p</c>, so a lower priority (more preferred) is a higher LOCAL_PREF.
/// </summary>
public static class CalicoPriority
{
    /// <summary>The base Calico subtracts from: int.MaxValue, as BIRD's filter arithmetic is signed 32-bit.</summary>
    public const uint Base = int.MaxValue;

    /// <summary>BGPConfiguration <c>ipv4/ipv6NormalRoutePriority</c> default.</summary>
    public const uint Normal = 1024;

    public static uint ToLocalPref(uint priority) => Base - priority;
}
