namespace Bgp.Protocol.Capabilities;

/// <summary>
/// One tuple of the Long-Lived Graceful Restart capability (RFC 9494 §3): the family,
/// the F bit (forwarding state preserved) and the 24-bit Long-lived Stale Time in seconds.
/// </summary>
public readonly record struct LongLivedGracefulRestartFamily
{
    /// <summary>RFC 9494 §3: the Long-lived Stale Time is 24 bits.</summary>
    public const uint MaxStaleTime = 0x00FF_FFFF;

    public LongLivedGracefulRestartFamily(AddressFamily family, bool forwardingState, uint staleTime)
    {
        Family = family;
        ForwardingState = forwardingState;
        StaleTime = staleTime;
    }

    public AddressFamily Family { get; init; }

    public bool ForwardingState { get; init; }

    public uint StaleTime
    {
        get;
        init => field = value <= MaxStaleTime
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "the long-lived stale time is 24 bits");
    }

    public override string ToString() => $"{Family}{(ForwardingState ? "+F" : string.Empty)} {StaleTime}s";
}
