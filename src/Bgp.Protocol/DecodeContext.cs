namespace Bgp.Protocol;

/// <summary>
/// What the session negotiated, as the decoder needs it (style rule 9: context is explicit).
/// The default value is a fresh session before OPEN: 2-octet AS, 4096-byte messages, no ADD-PATH.
/// </summary>
public readonly record struct DecodeContext
{
    /// <summary>Both sides advertised the 4-octet AS capability (RFC 6793 §3).</summary>
    public bool FourOctetAs { get; init; }

    /// <summary>Both sides advertised extended messages (RFC 8654), raising the limit to 65535.</summary>
    public bool ExtendedMessages { get; init; }

    /// <summary>Families for which we receive ADD-PATH path identifiers (RFC 7911 §4).</summary>
    public AddressFamilySet AddPathReceive { get; init; }

    /// <summary>The peer is in another AS (eBGP); some RFC 7606 rules depend on it.</summary>
    public bool IsExternalPeer { get; init; }

    public int MaxMessageLength => ExtendedMessages ? BgpConstants.ExtendedMaxMessageLength : BgpConstants.MaxMessageLength;

    public bool HasAddPath(AddressFamily family) => AddPathReceive.Contains(family);
}
