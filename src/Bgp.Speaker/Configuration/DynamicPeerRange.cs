using System.Net;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// One <c>dynamicPeers</c> entry (a listen range): an incoming connection from an address inside
/// <see cref="Prefix"/> that no configured peer claims gets a passive session of its own, built from
/// <see cref="Template"/> and named <c>NAME-ADDRESS</c>; the session is removed when it goes down.
/// Immutable with value equality, so a reload resets exactly the ranges whose template changed.
/// </summary>
public sealed record DynamicPeerRange
{
    /// <summary>Sessions one range may hold at once when <c>maxPeers</c> is not given.</summary>
    public const int DefaultMaxPeers = 1000;

    /// <summary>The range's name: status and logs show its sessions as <c>NAME-ADDRESS</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Addresses this range accepts connections from.</summary>
    public required IPNetwork Prefix { get; init; }

    /// <summary>At most this many sessions from the range at once; further connections are refused.</summary>
    public int MaxPeers { get; init; } = DefaultMaxPeers;

    /// <summary>
    /// Every session option of the range's peers (timers, families, policies, password, reflector
    /// client, ...); <see cref="PeerOptions.Name"/> is the range's name and <see cref="PeerOptions.Address"/>
    /// the prefix's base address until <see cref="PeerFor"/> fills in the real ones. Always passive.
    /// </summary>
    public required PeerOptions Template { get; init; }

    /// <summary>Whether <paramref name="address"/> (IPv4-mapped IPv6 already unmapped) lies in the range.</summary>
    public bool Contains(IPAddress address) => Prefix.Contains(address);

    /// <summary>The name of the session for <paramref name="address"/>, e.g. <c>nodes-10.0.0.5</c>.</summary>
    public string PeerName(IPAddress address) => $"{Name}-{address}";

    /// <summary>
    /// Equal but perhaps for the template's policy and routing options
    /// (<see cref="PeerOptions.EqualsExceptPolicy"/>): such a change keeps the range's sessions, and
    /// the routing engine applies it with soft reconfiguration or route refresh and re-export.
    /// </summary>
    public bool EqualsExceptPolicy([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] DynamicPeerRange? other) =>
        other is not null && Name == other.Name && Prefix.Equals(other.Prefix) && MaxPeers == other.MaxPeers &&
        Template.EqualsExceptPolicy(other.Template);

    /// <summary>The options of the session accepted from <paramref name="address"/>.</summary>
    public PeerOptions PeerFor(IPAddress address) => Template with { Name = PeerName(address), Address = address };
}
