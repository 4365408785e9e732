namespace Bgp.Protocol.Iana;

/// <summary>Capability codes (IANA "Capability Codes"; RFC 5492).</summary>
public enum CapabilityCode : byte
{
    Multiprotocol = 1,
    RouteRefresh = 2,
    ExtendedNextHop = 5,
    ExtendedMessage = 6,
    GracefulRestart = 64,
    FourOctetAs = 65,
    AddPath = 69,
    EnhancedRouteRefresh = 70,
    LongLivedGracefulRestart = 71,
    Fqdn = 73,
}

/// <summary>OPEN optional parameter types (RFC 5492 §4; type 1 was deprecated by RFC 5492).</summary>
public enum OptionalParameterType : byte
{
    Capabilities = 2,
    /// <summary>RFC 9072 §2: marks the extended optional parameters length encoding.</summary>
    ExtendedLength = 255,
}
