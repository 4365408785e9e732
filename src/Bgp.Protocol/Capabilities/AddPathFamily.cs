namespace Bgp.Protocol.Capabilities;

/// <summary>One &lt;AFI, SAFI, Send/Receive&gt; tuple of the ADD-PATH capability (RFC 7911 §4).</summary>
public readonly record struct AddPathFamily(AddressFamily Family, AddPathDirection Direction)
{
    public override string ToString() => $"{Family} {Direction}";
}
