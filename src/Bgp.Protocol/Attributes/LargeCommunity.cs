namespace Bgp.Protocol.Attributes;

/// <summary>One BGP Large Community (RFC 8092 §3): three 4-octet fields.</summary>
public readonly record struct LargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2)
{
    public override string ToString() => $"{GlobalAdministrator}:{LocalData1}:{LocalData2}";
}
