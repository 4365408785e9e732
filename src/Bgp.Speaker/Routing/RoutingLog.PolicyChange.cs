using Bgp.Protocol;
using Microsoft.Extensions.Logging;

namespace Bgp.Speaker.Routing;

/// <summary>Log messages of policy changes on reload and of the peer's enhanced route refresh (RFC 7313).</summary>
internal static partial class RoutingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: {Why}; ROUTE-REFRESH sent for {Families} (enhanced {Enhanced}), its routes pass the new import policy as they come")]
    public static partial void RefreshSent(ILogger logger, string peer, string why, AddressFamilySet families, bool enhanced);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: {Why}, but the peer does not support route refresh (RFC 2918) and no pre-policy routes are kept: the change applies to its new UPDATEs only; routes it sent before keep the old import policy until it sends them again. Set \"softReconfigurationInbound\": true for this peer to re-apply import policy without its help")]
    public static partial void CannotRefresh(ILogger logger, string peer, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: {Why}, but the peer does not support route refresh (RFC 2918): its pre-policy store fills with its new UPDATEs only, and routes it sent before keep the old import policy until it sends them again or its session restarts")]
    public static partial void StoreFillsWithNewUpdates(ILogger logger, string peer, string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: import policy changed, re-applied to its {Routes} kept pre-policy routes (soft reconfiguration), {Accepted} of them accepted")]
    public static partial void SoftReconfigured(ILogger logger, string peer, int routes, int accepted);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer}: BoRR for {Family}; {Marked} paths marked stale until its EoRR (RFC 7313 §4)")]
    public static partial void InboundRefreshStarted(ILogger logger, string peer, AddressFamily family, int marked);

    [LoggerMessage(Level = LogLevel.Information, Message = "Peer {Peer}: route refresh of {Family} over ({Why}); {Removed} paths not sent again removed, {Forgotten} pre-policy routes forgotten; {Accepted} accepted now (RFC 7313 §4)")]
    public static partial void InboundRefreshEnded(ILogger logger, string peer, AddressFamily family, string why, int removed, int forgotten, int accepted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Peer {Peer}: BoRR for {Family} before its End-of-RIB ignored (RFC 7313 §4, graceful restart)")]
    public static partial void BorrBeforeEndOfRib(ILogger logger, string peer, AddressFamily family);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Peer {Peer}: EoRR for {Family} without a BoRR ignored (RFC 7313 §4)")]
    public static partial void EorrWithoutBorr(ILogger logger, string peer, AddressFamily family);
}
