using System.Globalization;
using Bgp.Protocol;

namespace Bgp.Speaker.Tools;

/// <summary>
/// Reads the text capture format of <c>tests/Bgp.Protocol.Tests/Vectors/README.md</c>: one message
/// per line as <c>sender&gt;receiver key=value… HEX</c>, <c>#</c> comments. A line of bare hex is
/// also accepted (direction "?" and the default context), so a message pasted from tcpdump works.
/// </summary>
public static class CaptureFile
{
    public static IReadOnlyList<CapturedMessage> Parse(TextReader reader, string sourceName)
    {
        var messages = new List<CapturedMessage>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            messages.Add(ParseLine(text, sourceName, lineNumber));
        }

        return messages;
    }

    public static CapturedMessage ParseLine(string text, string sourceName, int lineNumber)
    {
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var hex = tokens[^1];
        var direction = tokens.Length > 1 && tokens[0].Contains('>', StringComparison.Ordinal) ? tokens[0] : "?";
        var context = default(DecodeContext);
        foreach (var token in tokens.Skip(direction == "?" ? 0 : 1).SkipLast(1))
        {
            context = ApplyFlag(context, token, sourceName, lineNumber);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw new FormatException($"{sourceName}:{lineNumber}: the last field is not an even-length hex string");
        }

        return new CapturedMessage(lineNumber, direction, context, bytes);
    }

    private static DecodeContext ApplyFlag(DecodeContext context, string token, string sourceName, int lineNumber)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? token : token[..equals];
        var value = equals < 0 ? string.Empty : token[(equals + 1)..];
        return key switch
        {
            "fouroctet" => context with { FourOctetAs = ParseBit(value, key, sourceName, lineNumber) },
            "extmsg" => context with { ExtendedMessages = ParseBit(value, key, sourceName, lineNumber) },
            "ebgp" => context with { IsExternalPeer = ParseBit(value, key, sourceName, lineNumber) },
            "addpath" => context with { AddPathReceive = ParseFamilies(value, sourceName, lineNumber) },
            _ => throw new FormatException(
                $"{sourceName}:{lineNumber}: unknown flag '{key}' (expected fouroctet, extmsg, ebgp or addpath)"),
        };
    }

    private static bool ParseBit(string value, string key, string sourceName, int lineNumber) => value switch
    {
        "1" => true,
        "0" => false,
        _ => throw new FormatException($"{sourceName}:{lineNumber}: flag '{key}' must be 0 or 1, not '{value}'"),
    };

    private static AddressFamilySet ParseFamilies(string value, string sourceName, int lineNumber)
    {
        var set = AddressFamilySet.None;
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            set |= name.ToLower(CultureInfo.InvariantCulture) switch
            {
                "none" => AddressFamilySet.None,
                "ipv4" => AddressFamilySet.Ipv4Unicast,
                "ipv6" => AddressFamilySet.Ipv6Unicast,
                _ => throw new FormatException(
                    $"{sourceName}:{lineNumber}: flag 'addpath' lists '{name}' (expected none, ipv4, ipv6)"),
            };
        }

        return set;
    }
}
