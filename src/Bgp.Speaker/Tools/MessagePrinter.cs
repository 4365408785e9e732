using Bgp.Protocol.Capture;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Tools;

/// <summary>Prints decoded messages for people: one header line, then the routes, indented.</summary>
public static class MessagePrinter
{
    // Long UPDATEs are summarized: a reader wants the shape, not 500 lines of prefixes.
    private const int MaxPrefixesShown = 8;

    public static void Print(TextWriter output, CapturedMessage captured, IBgpMessage message)
    {
        output.WriteLine($"{captured.Line,5} {captured.Direction,-14} {captured.Bytes.Length,5} B  {message}");
        if (message is not UpdateMessage update)
        {
            return;
        }

        if (update.IsEndOfRib(out var family))
        {
            output.WriteLine($"{"",22}End-of-RIB {family}");
            return;
        }

        PrintPrefixes(output, "withdraw", update.Withdrawn);
        PrintPrefixes(output, "announce", update.Nlri);
        if (update.Attributes.MpReach is { } reach)
        {
            PrintPrefixes(output, $"announce {reach.Family} via {reach.NextHop}", reach.Nlri);
        }

        if (update.Attributes.MpUnreach is { } unreach)
        {
            PrintPrefixes(output, $"withdraw {unreach.Family}", unreach.Withdrawn);
        }

        foreach (var error in update.Errors)
        {
            output.WriteLine($"{"",22}RFC 7606: {error}");
        }
    }

    public static void PrintError(TextWriter output, CapturedMessage captured, BgpNotificationException error) =>
        output.WriteLine($"{captured.Line,5} {captured.Direction,-14} {captured.Bytes.Length,5} B  " +
            $"would send NOTIFICATION {(byte)error.Code}/{error.Subcode}: {error.Message}");

    private static void PrintPrefixes(TextWriter output, string label, IReadOnlyList<NlriEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var shown = string.Join(' ', entries.Take(MaxPrefixesShown));
        var more = entries.Count > MaxPrefixesShown ? $" … and {entries.Count - MaxPrefixesShown} more" : string.Empty;
        output.WriteLine($"{"",22}{label}: {shown}{more}");
    }
}
