using System.Buffers.Binary;
using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;

namespace Bgp.Testing;

/// <summary>
/// Hand-built BGP messages for <see cref="RawBgpPeer"/>: a valid OPEN encoded by our codec, then
/// one field broken on purpose, or a header the framer must refuse. Offsets follow RFC 4271 §4.1
/// (header) and §4.2 (OPEN body).
/// </summary>
public static class RawBgpMessages
{
    public const int LengthOffset = BgpConstants.MarkerLength;
    public const int TypeOffset = BgpConstants.MarkerLength + sizeof(ushort);
    public const int VersionOffset = BgpConstants.HeaderLength;
    public const int MyAsOffset = VersionOffset + 1;
    public const int HoldTimeOffset = MyAsOffset + sizeof(ushort);
    public const int BgpIdentifierOffset = HoldTimeOffset + sizeof(ushort);
    public const int OptionalParametersLengthOffset = BgpIdentifierOffset + sizeof(uint);

    /// <summary>An optional parameter type IANA has not assigned (RFC 5492 §2 assigns only 2, Capabilities).</summary>
    public const byte UnassignedOptionalParameterType = 99;

    /// <summary>A well-formed OPEN with 4-octet AS and IPv4/IPv6 unicast capabilities (RFC 6793, RFC 4760).</summary>
    public static byte[] Open(uint localAs, ushort holdTime, uint bgpIdentifier, IReadOnlyList<Capability>? capabilities = null)
    {
        IReadOnlyList<Capability> caps = capabilities ??
            [new MultiprotocolCapability(AddressFamily.Ipv4Unicast), new MultiprotocolCapability(AddressFamily.Ipv6Unicast)];
        return BgpMessageWriter.ToArray(OpenMessage.Create(localAs, holdTime, bgpIdentifier, caps), new EncodeContext());
    }

    public static byte[] Keepalive() => BgpMessageWriter.ToArray(KeepaliveMessage.Instance, new EncodeContext());

    /// <summary>An OPEN whose only optional parameter has <paramref name="parameterType"/> (RFC 4271 §6.2: 2/4 when unrecognized).</summary>
    public static byte[] OpenWithOptionalParameter(uint localAs, ushort holdTime, uint bgpIdentifier, byte parameterType, ReadOnlySpan<byte> value)
    {
        const int ParameterHeaderLength = 2;
        var parametersLength = ParameterHeaderLength + value.Length;
        var message = new byte[OptionalParametersLengthOffset + 1 + parametersLength];
        Bgp.Protocol.Framing.BgpMessageHeader.Write(message, message.Length, BgpMessageType.Open);
        message[VersionOffset] = BgpConstants.Version;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(MyAsOffset), OpenMessage.ToTwoOctetAs(localAs));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(HoldTimeOffset), holdTime);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(BgpIdentifierOffset), bgpIdentifier);
        message[OptionalParametersLengthOffset] = checked((byte)parametersLength);
        message[OptionalParametersLengthOffset + 1] = parameterType;
        message[OptionalParametersLengthOffset + 2] = checked((byte)value.Length);
        value.CopyTo(message.AsSpan(OptionalParametersLengthOffset + 1 + ParameterHeaderLength));
        return message;
    }

    /// <summary>A copy of <paramref name="message"/> with one marker octet changed (RFC 4271 §6.1: 1/1).</summary>
    public static byte[] WithBrokenMarker(byte[] message, int index = 0) => With(message, m => m[index] = 0);

    /// <summary>A copy with the header length field set to <paramref name="length"/> (RFC 4271 §6.1: 1/2).</summary>
    public static byte[] WithLength(byte[] message, ushort length) =>
        With(message, m => BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(LengthOffset), length));

    /// <summary>A copy with the header type set to <paramref name="type"/> (RFC 4271 §6.1: 1/3).</summary>
    public static byte[] WithType(byte[] message, byte type) => With(message, m => m[TypeOffset] = type);

    /// <summary>A copy of an OPEN with <paramref name="version"/> (RFC 4271 §6.2: 2/1).</summary>
    public static byte[] WithVersion(byte[] open, byte version) => With(open, m => m[VersionOffset] = version);

    /// <summary>A copy of an OPEN with the 2-octet My AS field set (RFC 4271 §6.2: 2/2).</summary>
    public static byte[] WithMyAs(byte[] open, ushort myAs) =>
        With(open, m => BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(MyAsOffset), myAs));

    /// <summary>A copy of an OPEN with <paramref name="holdTime"/> (RFC 4271 §6.2: 2/6 for 1 or 2).</summary>
    public static byte[] WithHoldTime(byte[] open, ushort holdTime) =>
        With(open, m => BinaryPrimitives.WriteUInt16BigEndian(m.AsSpan(HoldTimeOffset), holdTime));

    /// <summary>A copy of an OPEN with <paramref name="bgpIdentifier"/> (RFC 4271 §6.2: 2/3 for 0).</summary>
    public static byte[] WithBgpIdentifier(byte[] open, uint bgpIdentifier) =>
        With(open, m => BinaryPrimitives.WriteUInt32BigEndian(m.AsSpan(BgpIdentifierOffset), bgpIdentifier));

    private static byte[] With(byte[] message, Action<byte[]> change)
    {
        var copy = (byte[])message.Clone();
        change(copy);
        return copy;
    }
}
