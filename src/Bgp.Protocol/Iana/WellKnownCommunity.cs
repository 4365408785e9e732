namespace Bgp.Protocol.Iana;

/// <summary>Well-known communities (RFC 1997, RFC 3765, RFC 7999, RFC 8326, RFC 9494).</summary>
public enum WellKnownCommunity : uint
{
    GracefulShutdown = 0xFFFF0000,
    AcceptOwn = 0xFFFF0001,
    LlgrStale = 0xFFFF0006,
    NoLlgr = 0xFFFF0007,
    Blackhole = 0xFFFF029A,
    NoExport = 0xFFFFFF01,
    NoAdvertise = 0xFFFFFF02,
    NoExportSubconfed = 0xFFFFFF03,
    NoPeer = 0xFFFFFF04,
}
