using System.Buffers.Binary;
using Bgp.Protocol.Capture;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// What one captured OPEN advertised, read just far enough to derive the session flags of a
/// vector file. A test helper, not the OPEN codec: it trusts its (real daemon) input.
/// </summary>
public sealed record OpenCapabilities(uint As, bool FourOctetAs, bool ExtendedMessages,
    IReadOnlyDictionary<AddressFamily, byte> AddPath, bool ExtendedNextHop, IReadOnlyList<byte> CapabilityCodes)
{
    private const int MyAsOffset = 1;
    private const int OptionalParametersLengthOffset = 9;
    private const int OptionalParametersOffset = 10;
    private const byte AddPathReceiveBit = 1;
    private const byte AddPathSendBit = 2;
    private const int AddPathEntryLength = 4;

    public bool AddPathReceives(AddressFamily family) => AddPath.TryGetValue(family, out var mode) && (mode & AddPathReceiveBit) != 0;

    public bool AddPathSends(AddressFamily family) => AddPath.TryGetValue(family, out var mode) && (mode & AddPathSendBit) != 0;

    /// <summary>
    /// The capture flags for messages from <paramref name="sender"/> to <paramref name="receiver"/>,
    /// as the two OPENs negotiate them.
    /// </summary>
    public static CaptureFlags NegotiatedFlags(OpenCapabilities sender, OpenCapabilities receiver)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(receiver);
        var addPath = AddressFamilySet.None;
        foreach (var family in new[] { AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast })
        {
            // RFC 7911 §4: path identifiers flow only where the sender may send and the receiver receive.
            if (sender.AddPathSends(family) && receiver.AddPathReceives(family))
            {
                addPath |= AddressFamilySetExtensions.ToFlag(family);
            }
        }

        return new CaptureFlags(
            sender.FourOctetAs && receiver.FourOctetAs,
            sender.ExtendedMessages && receiver.ExtendedMessages,
            sender.As != receiver.As,
            addPath);
    }

    /// <summary>Reads an OPEN message (header included).</summary>
    public static OpenCapabilities Read(ReadOnlySpan<byte> message)
    {
        var body = message[BgpConstants.HeaderLength..];
        uint asNumber = BinaryPrimitives.ReadUInt16BigEndian(body[MyAsOffset..]);
        var fourOctet = false;
        var extendedMessages = false;
        var extendedNextHop = false;
        var addPath = new Dictionary<AddressFamily, byte>();
        var codes = new List<byte>();
        var parameters = body.Slice(OptionalParametersOffset, body[OptionalParametersLengthOffset]);
        while (parameters.Length >= 2)
        {
            var type = parameters[0];
            var length = parameters[1];
            var value = parameters.Slice(2, length);
            parameters = parameters[(2 + length)..];
            if (type != (byte)OptionalParameterType.Capabilities)
            {
                continue;
            }

            while (value.Length >= 2)
            {
                var code = (CapabilityCode)value[0];
                var capability = value.Slice(2, value[1]);
                value = value[(2 + capability.Length)..];
                codes.Add((byte)code);
                switch (code)
                {
                    case CapabilityCode.FourOctetAs:
                        fourOctet = true;
                        asNumber = BinaryPrimitives.ReadUInt32BigEndian(capability);
                        break;
                    case CapabilityCode.ExtendedMessage:
                        extendedMessages = true;
                        break;
                    case CapabilityCode.ExtendedNextHop:
                        extendedNextHop = true;
                        break;
                    case CapabilityCode.AddPath:
                        for (var entry = capability; entry.Length >= AddPathEntryLength; entry = entry[AddPathEntryLength..])
                        {
                            var family = new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(entry), (Safi)entry[2]);
                            addPath[family] = entry[3];
                        }

                        break;
                }
            }
        }

        return new OpenCapabilities(asNumber, fourOctet, extendedMessages, addPath, extendedNextHop, codes);
    }
}
