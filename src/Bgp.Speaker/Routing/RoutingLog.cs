using Bgp.Protocol;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Routing;

/// <summary>The routing engine's structured log messages.</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Routing: {Work} failed")]
    public static partial void Failure(ILogger logger, Exception error, string work);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer}: {Routes} routes applied, {Accepted} accepted in total")]
    public static partial void Batch(ILogger logger, string peer, int routes, int accepted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: routing up ({Families}); {Accepted} routes held from before")]
    public static partial void PeerUp(ILogger logger, string peer, AddressFamilySet families, int accepted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: down ({Reason}); {Withdrawn} routes withdrawn")]
    public static partial void PeerDown(ILogger logger, string peer, string reason, int withdrawn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: down ({Reason}); graceful restart: {Marked} routes kept stale in {Families} for {RestartTime} s")]
    public static partial void GracefulRestart(ILogger logger, string peer, string reason, int marked, AddressFamilySet families, double restartTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: restart time over; {Families} kept long-lived stale for {StaleTime} s (RFC 9494)")]
    public static partial void LongLivedStale(ILogger logger, string peer, AddressFamilySet families, uint staleTime);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: {Removed} stale routes in {Family} removed ({Why})")]
    public static partial void StaleFlushed(ILogger logger, string peer, AddressFamily family, int removed, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: End-of-RIB for {Family}; {Accepted} routes accepted from it")]
    public static partial void EndOfRib(ILogger logger, string peer, AddressFamily family, int accepted);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: initial table sent ({Routes} routes, update group {Group}), End-of-RIB follows")]
    public static partial void InitialTableSent(ILogger logger, string peer, int routes, int group);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Update group {From} merged into {Into} ({Members} peers)")]
    public static partial void GroupMerged(ILogger logger, int from, int into, int members);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: route refresh for {Family} (enhanced {Enhanced})")]
    public static partial void RefreshRequested(ILogger logger, string peer, AddressFamily family, bool enhanced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Update group {Group}: export policy changed, re-exporting to {Members} peers")]
    public static partial void Reexport(ILogger logger, int group, int members);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer}: {Routes} routes ignored as a reflection loop ({Loop}, RFC 4456 §8)")]
    public static partial void ReflectionLoop(ILogger logger, string peer, int routes, Bgp.RouteReflector.ReflectionLoop loop);
}
