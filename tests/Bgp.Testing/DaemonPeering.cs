using System.Globalization;
using System.Net;

namespace Bgp.Testing;

/// <summary>
/// One BGP session as a reference daemon (BIRD 2, GoBGP, FRR) should run it: the daemon's own
/// address, port and AS, the neighbor's, and the session knobs the sessions issue proves
/// (passive, timers, MD5, GTSM, multihop, ADD-PATH, graceful restart). Each launcher turns it into
/// its own configuration syntax, so one test can run against all three daemons.
/// </summary>
public sealed record DaemonPeering
{
    /// <summary>A short hold time keeps the failure tests short; 3 s is the RFC 4271 §4.2 minimum.</summary>
    public const int DefaultHoldTimeSeconds = 9;

    /// <summary>How long daemons wait before (re)connecting; the daemons' own defaults (5 s to 120 s) would make every test wait.</summary>
    public const int ConnectRetrySeconds = 1;

    /// <summary>The protocol (BIRD) or neighbor description name; BIRD rejects reserved words and single letters.</summary>
    public string Name { get; init; } = "peer1";

    /// <summary>The daemon's own address: it binds and listens here only.</summary>
    public required IPAddress LocalAddress { get; init; }

    /// <summary>The port the daemon listens on.</summary>
    public required int LocalPort { get; init; }

    public required uint LocalAs { get; init; }

    /// <summary>The daemon's router ID; defaults to its local address, which is unique per test.</summary>
    public IPAddress? RouterId { get; init; }

    public required IPAddress PeerAddress { get; init; }

    /// <summary>The port the daemon connects to.</summary>
    public required int PeerPort { get; init; }

    public required uint PeerAs { get; init; }

    /// <summary>Only accept; never connect.</summary>
    public bool Passive { get; init; }

    public int HoldTimeSeconds { get; init; } = DefaultHoldTimeSeconds;

    /// <summary>RFC 2385 TCP MD5 password; null for none.</summary>
    public string? Password { get; init; }

    /// <summary>RFC 5082 GTSM for a directly connected peer (one hop).</summary>
    public bool TtlSecurity { get; init; }

    /// <summary>eBGP multihop TTL; null for the daemon's default (directly connected eBGP).</summary>
    public int? Multihop { get; init; }

    /// <summary>RFC 7911 ADD-PATH send and receive for IPv4 unicast.</summary>
    public bool AddPath { get; init; }

    /// <summary>RFC 4724 graceful restart capability.</summary>
    public bool GracefulRestart { get; init; }

    /// <summary>The Restart Time the daemon advertises (RFC 4724 §3); null for its default. GoBGP only.</summary>
    public int? GracefulRestartTime { get; init; }

    /// <summary>RFC 9494 long-lived graceful restart with this Long-Lived Stale Time for IPv4 unicast; null for none. GoBGP only.</summary>
    public int? LongLivedStaleTime { get; init; }

    /// <summary>Routes the daemon originates from the start (BIRD static routes, GoBGP global RIB, FRR network statements).</summary>
    public IReadOnlyList<DaemonRoute> Routes { get; init; } = [];

    /// <summary>
    /// The IPv6 next hop the daemon announces for its own IPv6 routes over an IPv4 session, where it
    /// has no IPv6 address of its own to use (BIRD: "Missing next hop address" otherwise).
    /// </summary>
    public IPAddress Ipv6NextHop { get; init; } = IPAddress.Parse("2001:db8::ff");

    public bool IsExternal => LocalAs != PeerAs;

    public IPAddress EffectiveRouterId => RouterId ?? LocalAddress;

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Invariant(uint value) => value.ToString(CultureInfo.InvariantCulture);
}
