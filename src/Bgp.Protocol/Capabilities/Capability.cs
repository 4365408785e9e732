using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// One capability of the Capabilities optional parameter (RFC 5492 §4):
/// <code>
/// +------------------------------+
/// | Capability Code (1 octet)    |
/// +------------------------------+
/// | Capability Length (1 octet)  |
/// +------------------------------+
/// | Capability Value (variable)  |
/// ~                              ~
/// +------------------------------+
/// </code>
/// Each known code has a sealed record of its own; anything else is an <see cref="UnknownCapability"/>
/// kept as bytes (RFC 5492 §5: an unrecognized capability is ignored, not an error).
/// </summary>
public abstract record Capability
{
    /// <summary>RFC 5492 §4: code and length are one octet each.</summary>
    public const int HeaderLength = 2;

    /// <summary>RFC 5492 §4: the Capability Length field is one octet.</summary>
    public const int MaxValueLength = byte.MaxValue;

    public abstract CapabilityCode Code { get; }

    /// <summary>Length of the Capability Value field in octets.</summary>
    public abstract int ValueLength { get; }

    /// <summary>Code, length and value.</summary>
    public int EncodedLength => HeaderLength + ValueLength;

    /// <summary>Writes the Capability Value field into the first <see cref="ValueLength"/> octets.</summary>
    public abstract void WriteValue(Span<byte> destination);

    /// <summary>
    /// Decodes one capability value. A known code with a malformed value throws 2/0 (RFC 4271 §6.2,
    /// "recognized, but is malformed"); an unknown code is kept as bytes.
    /// </summary>
    public static Capability Decode(CapabilityCode code, ReadOnlySpan<byte> value) => code switch
    {
        CapabilityCode.Multiprotocol => MultiprotocolCapability.DecodeValue(value),
        CapabilityCode.RouteRefresh => EmptyValue(code, value, RouteRefreshCapability.Instance),
        CapabilityCode.ExtendedNextHop => ExtendedNextHopCapability.DecodeValue(value),
        CapabilityCode.ExtendedMessage => EmptyValue(code, value, ExtendedMessageCapability.Instance),
        CapabilityCode.GracefulRestart => GracefulRestartCapability.DecodeValue(value),
        CapabilityCode.FourOctetAs => FourOctetAsCapability.DecodeValue(value),
        CapabilityCode.AddPath => AddPathCapability.DecodeValue(value),
        CapabilityCode.EnhancedRouteRefresh => EmptyValue(code, value, EnhancedRouteRefreshCapability.Instance),
        CapabilityCode.LongLivedGracefulRestart => LongLivedGracefulRestartCapability.DecodeValue(value),
        CapabilityCode.Fqdn => FqdnCapability.DecodeValue(value),
        _ => new UnknownCapability((byte)code, value.ToArray()),
    };

    /// <summary>Writes code, length and value; returns the octets written.</summary>
    internal int WriteTo(Span<byte> destination)
    {
        destination[0] = (byte)Code;
        destination[1] = checked((byte)ValueLength);
        WriteValue(destination.Slice(HeaderLength, ValueLength));
        return EncodedLength;
    }

    internal static BgpNotificationException Malformed(CapabilityCode code, ReadOnlySpan<byte> value, string why) =>
        BgpErrors.MalformedCapability((byte)code, value, why);

    // RFC 2918 §2, RFC 8654 §3, RFC 7313 §3.1: these capabilities have Capability Length 0.
    private static Capability EmptyValue(CapabilityCode code, ReadOnlySpan<byte> value, Capability instance) =>
        value.IsEmpty ? instance : throw Malformed(code, value, "capability length must be 0");
}
