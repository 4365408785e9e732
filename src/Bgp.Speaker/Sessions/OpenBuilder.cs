using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// Our OPEN for one peer (RFC 4271 §4.2) with the capabilities its options ask for (RFC 5492).
/// Pure: the same options give the same bytes.
/// </summary>
public static class OpenBuilder
{
    /// <summary>
    /// Builds the OPEN. <paramref name="restarting"/> sets the R bit of the graceful restart
    /// capability and <paramref name="forwardingPreserved"/> the F bit of each family (RFC 4724 §3);
    /// both are for the restart-recovery work and false in a normal start.
    /// </summary>
    public static OpenMessage Build(PeerOptions options, LocalSpeaker local, bool restarting = false, bool forwardingPreserved = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(local);

        var localAs = options.LocalAs ?? local.LocalAs;
        var capabilities = new List<Capability>();

        // RFC 4760 §8: one Multiprotocol capability per family.
        foreach (var family in options.Families)
        {
            capabilities.Add(new MultiprotocolCapability(family));
        }

        if (options.RouteRefresh)
        {
            capabilities.Add(RouteRefreshCapability.Instance);
        }

        if (options.EnhancedRouteRefresh)
        {
            capabilities.Add(EnhancedRouteRefreshCapability.Instance);
        }

        if (options.ExtendedMessages)
        {
            capabilities.Add(ExtendedMessageCapability.Instance);
        }

        if (options.GracefulRestart is { } gracefulRestart)
        {
            capabilities.Add(new GracefulRestartCapability(
                restartState: restarting,
                notification: false,
                restartTime: ClampedSeconds(gracefulRestart.RestartTime, GracefulRestartCapability.MaxRestartTime),
                families: [.. options.Families.Select(f => new GracefulRestartFamily(f, forwardingPreserved))]));
        }

        // RFC 6793 §3: a speaker that supports 4-octet AS numbers advertises the capability to every peer.
        capabilities.Add(new FourOctetAsCapability(localAs));

        var addPath = options.AddPath.Where(a => a.Direction != AddPathDirection.None).ToArray();
        if (addPath.Length > 0)
        {
            capabilities.Add(new AddPathCapability(addPath));
        }

        if (options.LongLivedStaleTime is { } staleTime)
        {
            var seconds = (uint)Math.Clamp(staleTime.TotalSeconds, 0, LongLivedGracefulRestartFamily.MaxStaleTime);
            capabilities.Add(new LongLivedGracefulRestartCapability(
                [.. options.Families.Select(f => new LongLivedGracefulRestartFamily(f, forwardingPreserved, seconds))]));
        }

        return OpenMessage.Create(localAs, ClampedSeconds(options.HoldTime, ushort.MaxValue), local.BgpIdentifier, capabilities);
    }

    private static ushort ClampedSeconds(TimeSpan time, ushort max) =>
        (ushort)Math.Clamp((long)time.TotalSeconds, 0, max);
}
