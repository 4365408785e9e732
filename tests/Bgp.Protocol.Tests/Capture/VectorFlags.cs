using System.Globalization;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// The negotiated state needed to decode one captured message, as written on its vector line:
/// <c>fouroctet=1 extmsg=0 ebgp=1 addpath=ipv4,ipv6</c>. <c>addpath</c> lists the families for
/// which the receiver of the message gets path identifiers (sender advertised send, receiver receive).
/// </summary>
public sealed record VectorFlags(bool FourOctetAs, bool ExtendedMessages, bool ExternalPeer, AddressFamilySet AddPath)
{
    private const string FourOctetKey = "fouroctet";
    private const string ExtendedMessagesKey = "extmsg";
    private const string ExternalKey = "ebgp";
    private const string AddPathKey = "addpath";
    private const string Ipv4Name = "ipv4";
    private const string Ipv6Name = "ipv6";
    private const string NoFamilies = "none";

    public DecodeContext ToDecodeContext() => new()
    {
        FourOctetAs = FourOctetAs,
        ExtendedMessages = ExtendedMessages,
        AddPathReceive = AddPath,
        IsExternalPeer = ExternalPeer,
    };

    public EncodeContext ToEncodeContext() => new()
    {
        FourOctetAs = FourOctetAs,
        ExtendedMessages = ExtendedMessages,
        AddPathSend = AddPath,
    };

    /// <summary>Flags for messages from <paramref name="sender"/> to <paramref name="receiver"/>.</summary>
    public static VectorFlags Negotiate(OpenCapabilities sender, OpenCapabilities receiver)
    {
        var addPath = AddressFamilySet.None;
        foreach (var family in new[] { AddressFamily.Ipv4Unicast, AddressFamily.Ipv6Unicast })
        {
            // RFC 7911 §4: path identifiers flow only where the sender may send and the receiver receive.
            if (sender.AddPathSends(family) && receiver.AddPathReceives(family))
            {
                addPath |= AddressFamilySetExtensions.ToFlag(family);
            }
        }

        return new VectorFlags(
            sender.FourOctetAs && receiver.FourOctetAs,
            sender.ExtendedMessages && receiver.ExtendedMessages,
            sender.As != receiver.As,
            addPath);
    }

    public override string ToString()
    {
        var families = new List<string>();
        if ((AddPath & AddressFamilySet.Ipv4Unicast) != 0) families.Add(Ipv4Name);
        if ((AddPath & AddressFamilySet.Ipv6Unicast) != 0) families.Add(Ipv6Name);
        return string.Create(CultureInfo.InvariantCulture,
            $"{FourOctetKey}={Bit(FourOctetAs)} {ExtendedMessagesKey}={Bit(ExtendedMessages)} {ExternalKey}={Bit(ExternalPeer)} {AddPathKey}={(families.Count == 0 ? NoFamilies : string.Join(',', families))}");
    }

    /// <summary>Parses <c>key=value</c> tokens; unknown keys are an error so typos do not pass silently.</summary>
    public static VectorFlags Parse(IEnumerable<string> tokens)
    {
        var fourOctet = false;
        var extended = false;
        var external = false;
        var addPath = AddressFamilySet.None;
        foreach (var token in tokens)
        {
            var split = token.Split('=', 2);
            if (split.Length != 2)
            {
                throw new FormatException($"flag '{token}' is not key=value");
            }

            switch (split[0])
            {
                case FourOctetKey: fourOctet = ParseBit(split[1]); break;
                case ExtendedMessagesKey: extended = ParseBit(split[1]); break;
                case ExternalKey: external = ParseBit(split[1]); break;
                case AddPathKey:
                    foreach (var name in split[1].Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        addPath |= name switch
                        {
                            Ipv4Name => AddressFamilySet.Ipv4Unicast,
                            Ipv6Name => AddressFamilySet.Ipv6Unicast,
                            NoFamilies => AddressFamilySet.None,
                            _ => throw new FormatException($"unknown ADD-PATH family '{name}'"),
                        };
                    }

                    break;
                default: throw new FormatException($"unknown flag '{split[0]}'");
            }
        }

        return new VectorFlags(fourOctet, extended, external, addPath);
    }

    private static char Bit(bool value) => value ? '1' : '0';

    private static bool ParseBit(string value) => value switch
    {
        "1" => true,
        "0" => false,
        _ => throw new FormatException($"flag value '{value}' is not 0 or 1"),
    };
}
