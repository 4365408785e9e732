namespace Bgp.Protocol.Capabilities;

/// <summary>
/// One &lt;AFI, SAFI, Flags&gt; tuple of the Graceful Restart capability (RFC 4724 §3).
/// <paramref name="ForwardingState"/> is the F bit: forwarding state was preserved across the restart.
/// </summary>
public readonly record struct GracefulRestartFamily(AddressFamily Family, bool ForwardingState)
{
    public override string ToString() => ForwardingState ? $"{Family}+F" : Family.ToString();
}
