namespace Bgp.Protocol.Iana;

/// <summary>Address Family Identifiers (IANA "Address Family Numbers"; RFC 4760 §3).</summary>
public enum Afi : ushort
{
    Ipv4 = 1,
    Ipv6 = 2,
}

/// <summary>Subsequent Address Family Identifiers (IANA "SAFI Values"; RFC 4760 §6).</summary>
public enum Safi : byte
{
    Unicast = 1,
    Multicast = 2,
}
