namespace Bgp.Protocol;

/// <summary>What the session negotiated, as the encoder needs it.</summary>
public readonly record struct EncodeContext
{
    /// <summary>Both sides advertised the 4-octet AS capability (RFC 6793 §3).</summary>
    public bool FourOctetAs { get; init; }

    /// <summary>Both sides advertised extended messages (RFC 8654).</summary>
    public bool ExtendedMessages { get; init; }

    /// <summary>Families for which we send ADD-PATH path identifiers (RFC 7911 §4).</summary>
    public AddressFamilySet AddPathSend { get; init; }

    public int MaxMessageLength => ExtendedMessages ? BgpConstants.ExtendedMaxMessageLength : BgpConstants.MaxMessageLength;

    public bool HasAddPath(AddressFamily family) => AddPathSend.Contains(family);

    /// <summary>The decode context a peer with the same negotiation would use to read what we write.</summary>
    public DecodeContext ToPeerDecodeContext(bool isExternalPeer = false) => new()
    {
        FourOctetAs = FourOctetAs,
        ExtendedMessages = ExtendedMessages,
        AddPathReceive = AddPathSend,
        IsExternalPeer = isExternalPeer,
    };
}
