namespace Bgp.Protocol.Nlri;

/// <summary>One NLRI: a prefix and, where ADD-PATH is negotiated, its path identifier (RFC 7911 §3).</summary>
public readonly record struct NlriEntry(IpPrefix Prefix, uint PathId = 0)
{
    public override string ToString() => PathId == 0 ? Prefix.ToString() : $"{Prefix} path-id {PathId}";
}
