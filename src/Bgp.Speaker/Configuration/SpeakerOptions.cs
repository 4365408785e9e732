using System.Net;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// The whole static configuration of one bgpd process, as loaded from the configuration file
/// (docs/CONFIG.md). Immutable: a reload builds a new instance and compares peers with
/// <see cref="PeerOptions.Equals(PeerOptions?)"/> to restart only those that changed.
/// </summary>
public sealed record SpeakerOptions
{
    /// <summary>Our AS number, 1..4294967295 (4-octet ASNs per RFC 6793).</summary>
    public required uint LocalAs { get; init; }

    /// <summary>Our BGP Identifier (RFC 4271 §4.2, RFC 6286): a non-zero 32-bit value, written as an IPv4 address.</summary>
    public required IPAddress RouterId { get; init; }

    /// <summary>Where we accept incoming sessions; null disables listening (every peer must then be active).</summary>
    public ListenOptions? Listen { get; init; } = new();

    public IReadOnlyList<PeerOptions> Peers { get; init; } = [];

    /// <summary>The <c>dynamicPeers</c> listen ranges: sessions accepted from addresses no peer claims.</summary>
    public IReadOnlyList<DynamicPeerRange> DynamicPeers { get; init; } = [];

    /// <summary>
    /// The <c>policies</c> and <c>prefixSets</c> sections, compiled. Peers name their chains with
    /// <see cref="PeerOptions.ImportPolicy"/> / <see cref="PeerOptions.ExportPolicy"/>.
    /// </summary>
    public Policy.PolicySet Policies { get; init; } = Policy.PolicySet.Empty;

    /// <summary>Routes this speaker originates (the <c>originate</c> section, docs/CONFIG.md).</summary>
    public IReadOnlyList<OriginatedRoute> Originate { get; init; } = [];

    /// <summary>The <c>routeReflector</c> section (RFC 4456); null when this speaker reflects nothing.</summary>
    public RouteReflectorOptions? RouteReflector { get; init; }

    /// <summary>The top-level <c>gracefulRestart</c> section: our own restart (RFC 4724 §4.1).</summary>
    public SpeakerRestartOptions GracefulRestart { get; init; } = new();

    /// <summary>Where the configuration came from, for error messages and reloads; null when built in code.</summary>
    public string? SourcePath { get; init; }

    public bool Equals(SpeakerOptions? other) =>
        other is not null && LocalAs == other.LocalAs && RouterId.Equals(other.RouterId) &&
        Equals(Listen, other.Listen) && Peers.SequenceEqual(other.Peers) && DynamicPeers.SequenceEqual(other.DynamicPeers) && SourcePath == other.SourcePath &&
        Policies.Equals(other.Policies) && Originate.SequenceEqual(other.Originate) &&
        Equals(RouteReflector, other.RouteReflector) && Equals(GracefulRestart, other.GracefulRestart);

    public override int GetHashCode() => HashCode.Combine(LocalAs, RouterId, Listen, Peers.Count, SourcePath);
}

/// <summary>The listening socket: address and port (RFC 4271 §8.2.1: TCP port 179 by default).</summary>
public sealed record ListenOptions
{
    public const int DefaultPort = 179;

    public IPAddress Address { get; init; } = IPAddress.IPv6Any;

    public int Port { get; init; } = DefaultPort;
}
