namespace Bgp.Protocol;

/// <summary>Fixed sizes and values of the BGP-4 wire format.</summary>
public static class BgpConstants
{
    /// <summary>RFC 4271 §4.1: 16-octet marker.</summary>
    public const int MarkerLength = 16;

    /// <summary>RFC 4271 §4.1: marker, 2-octet length, 1-octet type.</summary>
    public const int HeaderLength = 19;

    /// <summary>RFC 4271 §4.1: maximum message size without RFC 8654.</summary>
    public const int MaxMessageLength = 4096;

    /// <summary>RFC 8654 §4: maximum message size once extended messages are negotiated.</summary>
    public const int ExtendedMaxMessageLength = 65535;

    /// <summary>RFC 4271 §4.2: minimum OPEN length (header plus 10 fixed octets).</summary>
    public const int OpenMinLength = 29;

    /// <summary>RFC 4271 §4.3: minimum UPDATE length (header plus two 2-octet length fields).</summary>
    public const int UpdateMinLength = 23;

    /// <summary>RFC 4271 §4.5: minimum NOTIFICATION length (header plus code and subcode).</summary>
    public const int NotificationMinLength = 21;

    /// <summary>RFC 4271 §4.4: a KEEPALIVE is only the header.</summary>
    public const int KeepaliveLength = HeaderLength;

    /// <summary>RFC 2918 §3: ROUTE-REFRESH is the header plus AFI, reserved/subtype and SAFI.</summary>
    public const int RouteRefreshLength = 23;

    /// <summary>RFC 4271 §4.2: the only BGP version.</summary>
    public const byte Version = 4;

    /// <summary>RFC 6793 §9: AS_TRANS, sent in 2-octet fields when the real AS does not fit.</summary>
    public const ushort AsTrans = 23456;

    /// <summary>RFC 4271 §4.2: hold time is zero or at least three seconds.</summary>
    public const ushort MinHoldTime = 3;

    public const int Ipv4Bits = 32;
    public const int Ipv6Bits = 128;
    public const int Ipv4Bytes = 4;
    public const int Ipv6Bytes = 16;

    /// <summary>RFC 7911 §3: the Path Identifier is 4 octets.</summary>
    public const int PathIdLength = 4;
}
