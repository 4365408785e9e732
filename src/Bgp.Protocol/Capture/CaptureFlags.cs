using System.Globalization;

namespace Bgp.Protocol.Capture;

/// <summary>
/// The negotiated state needed to decode one captured message, as a capture line writes it:
/// <c>fouroctet=1 extmsg=0 ebgp=1 addpath=ipv4,ipv6</c>. <c>addpath</c> lists the families for which
/// the receiver of the message gets path identifiers (the sender advertised send, the receiver
/// receive; RFC 7911 §4).
/// </summary>
public sealed record CaptureFlags(bool FourOctetAs, bool ExtendedMessages, bool ExternalPeer, AddressFamilySet AddPath)
{
    private const string FourOctetKey = "fouroctet";
    private const string ExtendedMessagesKey = "extmsg";
    private const string ExternalKey = "ebgp";
    private const string AddPathKey = "addpath";
    private const string Ipv4Name = "ipv4";
    private const string Ipv6Name = "ipv6";
    private const string NoFamilies = "none";
    private const char KeyValueSeparator = '=';
    private const char FamilySeparator = ',';

    /// <summary>No capability negotiated: 2-octet AS, 4096-octet messages, iBGP, no ADD-PATH.</summary>
    public static readonly CaptureFlags None = new(false, false, false, AddressFamilySet.None);

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

    public override string ToString()
    {
        var families = new List<string>();
        if ((AddPath & AddressFamilySet.Ipv4Unicast) != 0)
        {
            families.Add(Ipv4Name);
        }

        if ((AddPath & AddressFamilySet.Ipv6Unicast) != 0)
        {
            families.Add(Ipv6Name);
        }

        var addPath = families.Count == 0 ? NoFamilies : string.Join(FamilySeparator, families);
        return string.Create(CultureInfo.InvariantCulture,
            $"{FourOctetKey}={Bit(FourOctetAs)} {ExtendedMessagesKey}={Bit(ExtendedMessages)} {ExternalKey}={Bit(ExternalPeer)} {AddPathKey}={addPath}");
    }

    /// <summary>
    /// Parses <c>key=value</c> tokens; a key left out keeps its <see cref="None"/> value. Unknown
    /// keys are an error, so a typo does not pass silently.
    /// </summary>
    /// <exception cref="FormatException">A token is not a known <c>key=value</c>.</exception>
    public static CaptureFlags Parse(IEnumerable<string> tokens)
    {
        var flags = None;
        foreach (var token in tokens)
        {
            var split = token.Split(KeyValueSeparator, 2);
            if (split.Length != 2)
            {
                throw new FormatException($"flag '{token}' is not key=value");
            }

            var (key, value) = (split[0], split[1]);
            flags = key switch
            {
                FourOctetKey => flags with { FourOctetAs = ParseBit(key, value) },
                ExtendedMessagesKey => flags with { ExtendedMessages = ParseBit(key, value) },
                ExternalKey => flags with { ExternalPeer = ParseBit(key, value) },
                AddPathKey => flags with { AddPath = ParseFamilies(value) },
                _ => throw new FormatException(
                    $"unknown flag '{key}' (expected {FourOctetKey}, {ExtendedMessagesKey}, {ExternalKey} or {AddPathKey})"),
            };
        }

        return flags;
    }

    private static AddressFamilySet ParseFamilies(string value)
    {
        var set = AddressFamilySet.None;
        foreach (var name in value.Split(FamilySeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            set |= name.ToLowerInvariant() switch
            {
                NoFamilies => AddressFamilySet.None,
                Ipv4Name => AddressFamilySet.Ipv4Unicast,
                Ipv6Name => AddressFamilySet.Ipv6Unicast,
                _ => throw new FormatException(
                    $"flag '{AddPathKey}' lists '{name}' (expected {NoFamilies}, {Ipv4Name}, {Ipv6Name})"),
            };
        }

        return set;
    }

    private static char Bit(bool value) => value ? '1' : '0';

    private static bool ParseBit(string key, string value) => value switch
    {
        "1" => true,
        "0" => false,
        _ => throw new FormatException($"flag '{key}' must be 0 or 1, not '{value}'"),
    };
}
