using System.Buffers.Binary;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Messages;

/// <summary>
/// The Optional Parameters of an OPEN, in both encodings.
/// <para>RFC 4271 §4.2 (and RFC 5492 §4 for the Capabilities parameter):</para>
/// <code>
/// |Opt Parm Len(1)| Parm. Type (1)| Parm. Length (1)| Parameter Value (variable) ...
/// </code>
/// <para>RFC 9072 §2, used when the parameters exceed 255 octets:</para>
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |Non-Ext OP Len.|Non-Ext OP Type| Extended Opt. Parm. Length    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Parm. Type   |        Parameter Length       |  Value ...    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Only the Capabilities parameter (type 2) exists; we send every capability in one parameter.
/// </summary>
internal static class OptionalParameters
{
    private const int LengthFieldLength = 1;
    private const int TypeFieldLength = 1;
    private const int ExtendedLengthFieldLength = 2;

    /// <summary>RFC 9072 §2: Non-Ext OP Len, Non-Ext OP Type, Extended Opt. Parm. Length.</summary>
    private const int ExtendedPrefixLength = LengthFieldLength + TypeFieldLength + ExtendedLengthFieldLength;

    /// <summary>Decodes the optional parameters; <paramref name="source"/> starts at the Opt Parm Len octet.</summary>
    public static IReadOnlyList<Capability> Decode(ReadOnlySpan<byte> source)
    {
        var nonExtendedLength = source[0];
        var rest = source[LengthFieldLength..];

        // RFC 9072 §2: when the length octet is non-zero, the next octet decides the encoding;
        // 255 ("Extended Length") selects 2-octet lengths, and Non-Ext OP Len is then ignored.
        if (nonExtendedLength != 0 && !rest.IsEmpty && rest[0] == (byte)OptionalParameterType.ExtendedLength)
        {
            if (source.Length < ExtendedPrefixLength)
            {
                throw BgpErrors.MalformedOptionalParameters("extended optional parameters length is truncated");
            }

            var extendedLength = BinaryPrimitives.ReadUInt16BigEndian(source[(LengthFieldLength + TypeFieldLength)..]);
            var parameters = source[ExtendedPrefixLength..];

            // RFC 4271 §6.2 (recognized but malformed: Unspecific): the length must match what follows.
            if (parameters.Length != extendedLength)
            {
                throw BgpErrors.MalformedOptionalParameters(
                    $"extended optional parameters length {extendedLength}, but {parameters.Length} octets follow");
            }

            return DecodeParameters(parameters, ExtendedLengthFieldLength);
        }

        // RFC 4271 §4.2 and §6.2: Optional Parameters Length must match the rest of the message.
        if (rest.Length != nonExtendedLength)
        {
            throw BgpErrors.MalformedOptionalParameters(
                $"optional parameters length {nonExtendedLength}, but {rest.Length} octets follow");
        }

        return DecodeParameters(rest, LengthFieldLength);
    }

    /// <summary>Octets from the Opt Parm Len field to the end of the message.</summary>
    public static int GetEncodedLength(IReadOnlyList<Capability> capabilities)
    {
        var capabilitiesLength = GetCapabilitiesLength(capabilities);
        if (capabilitiesLength == 0)
        {
            return LengthFieldLength;
        }

        return UsesExtendedLength(capabilitiesLength)
            ? ExtendedPrefixLength + TypeFieldLength + ExtendedLengthFieldLength + capabilitiesLength
            : LengthFieldLength + TypeFieldLength + LengthFieldLength + capabilitiesLength;
    }

    /// <summary>False when a capability value exceeds 255 octets and so cannot be encoded.</summary>
    public static bool TryWrite(Span<byte> destination, IReadOnlyList<Capability> capabilities)
    {
        foreach (var capability in capabilities)
        {
            if (capability.ValueLength > Capability.MaxValueLength)
            {
                return false;
            }
        }

        var capabilitiesLength = GetCapabilitiesLength(capabilities);
        int offset;
        if (capabilitiesLength == 0)
        {
            destination[0] = 0;
            return true;
        }

        if (UsesExtendedLength(capabilitiesLength))
        {
            // RFC 9072 §2: Non-Ext OP Len SHOULD be 255, Non-Ext OP Type MUST be 255.
            destination[0] = byte.MaxValue;
            destination[LengthFieldLength] = (byte)OptionalParameterType.ExtendedLength;
            var parametersLength = TypeFieldLength + ExtendedLengthFieldLength + capabilitiesLength;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(LengthFieldLength + TypeFieldLength)..], checked((ushort)parametersLength));
            destination[ExtendedPrefixLength] = (byte)OptionalParameterType.Capabilities;
            BinaryPrimitives.WriteUInt16BigEndian(destination[(ExtendedPrefixLength + TypeFieldLength)..], (ushort)capabilitiesLength);
            offset = ExtendedPrefixLength + TypeFieldLength + ExtendedLengthFieldLength;
        }
        else
        {
            destination[0] = (byte)(TypeFieldLength + LengthFieldLength + capabilitiesLength);
            destination[LengthFieldLength] = (byte)OptionalParameterType.Capabilities;
            destination[LengthFieldLength + TypeFieldLength] = (byte)capabilitiesLength;
            offset = LengthFieldLength + TypeFieldLength + LengthFieldLength;
        }

        foreach (var capability in capabilities)
        {
            offset += capability.WriteTo(destination[offset..]);
        }

        return true;
    }

    // RFC 9072 §2: the RFC 4271 encoding SHOULD be used unless the parameters exceed 255 octets.
    private static bool UsesExtendedLength(int capabilitiesLength) =>
        TypeFieldLength + LengthFieldLength + capabilitiesLength > byte.MaxValue;

    private static int GetCapabilitiesLength(IReadOnlyList<Capability> capabilities)
    {
        var length = 0;
        foreach (var capability in capabilities)
        {
            length += capability.EncodedLength;
        }

        return length;
    }

    private static List<Capability> DecodeParameters(ReadOnlySpan<byte> parameters, int lengthFieldLength)
    {
        var capabilities = new List<Capability>();
        var headerLength = TypeFieldLength + lengthFieldLength;
        while (!parameters.IsEmpty)
        {
            // RFC 4271 §6.2: a parameter that overruns the optional parameters is malformed (Unspecific).
            if (parameters.Length < headerLength)
            {
                throw BgpErrors.MalformedOptionalParameters("optional parameter header is truncated");
            }

            var type = parameters[0];
            var length = lengthFieldLength == LengthFieldLength
                ? parameters[TypeFieldLength]
                : BinaryPrimitives.ReadUInt16BigEndian(parameters[TypeFieldLength..]);
            if (parameters.Length - headerLength < length)
            {
                throw BgpErrors.MalformedOptionalParameters($"optional parameter type {type} of length {length} overruns the message");
            }

            var parameter = parameters[..(headerLength + length)];

            // RFC 4271 §6.2 / RFC 5492 §4: Capabilities (2) is the only parameter we recognize;
            // anything else is Unsupported Optional Parameter.
            if (type != (byte)OptionalParameterType.Capabilities)
            {
                throw BgpErrors.UnsupportedOptionalParameter(parameter);
            }

            DecodeCapabilities(parameter[headerLength..], capabilities);
            parameters = parameters[parameter.Length..];
        }

        return capabilities;
    }

    private static void DecodeCapabilities(ReadOnlySpan<byte> value, List<Capability> capabilities)
    {
        while (!value.IsEmpty)
        {
            // RFC 5492 §4 / RFC 4271 §6.2: a capability overrunning its parameter is malformed (Unspecific).
            if (value.Length < Capability.HeaderLength || value.Length - Capability.HeaderLength < value[1])
            {
                throw BgpErrors.MalformedOptionalParameters("capability overruns the Capabilities parameter");
            }

            var length = value[1];
            capabilities.Add(Capability.Decode((CapabilityCode)value[0], value.Slice(Capability.HeaderLength, length)));
            value = value[(Capability.HeaderLength + length)..];
        }
    }
}
