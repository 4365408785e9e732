using Bgp.Protocol.Iana;

namespace Bgp.Protocol;

/// <summary>An (AFI, SAFI) pair: the unit of MP-BGP negotiation (RFC 4760).</summary>
public readonly record struct AddressFamily(Afi Afi, Safi Safi)
{
    public static readonly AddressFamily Ipv4Unicast = new(Afi.Ipv4, Safi.Unicast);
    public static readonly AddressFamily Ipv6Unicast = new(Afi.Ipv6, Safi.Unicast);

    /// <summary>The families this codec understands NLRI for; others are kept as opaque bytes.</summary>
    public bool IsSupported => Safi == Safi.Unicast && (Afi == Afi.Ipv4 || Afi == Afi.Ipv6);

    public override string ToString() => $"{Afi}/{Safi}";
}

/// <summary>The supported address families as bits, so a context can hold a set without allocating.</summary>
[Flags]
public enum AddressFamilySet : byte
{
    None = 0,
    Ipv4Unicast = 1,
    Ipv6Unicast = 2,
    All = Ipv4Unicast | Ipv6Unicast,
}

public static class AddressFamilySetExtensions
{
    public static bool Contains(this AddressFamilySet set, AddressFamily family) =>
        (set & ToFlag(family)) != AddressFamilySet.None;

    public static AddressFamilySet ToFlag(AddressFamily family) => family switch
    {
        { Afi: Afi.Ipv4, Safi: Safi.Unicast } => AddressFamilySet.Ipv4Unicast,
        { Afi: Afi.Ipv6, Safi: Safi.Unicast } => AddressFamilySet.Ipv6Unicast,
        _ => AddressFamilySet.None,
    };
}
