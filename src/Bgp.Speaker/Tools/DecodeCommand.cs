using Bgp.Protocol.Capture;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;

namespace Bgp.Speaker.Tools;

/// <summary>
/// <c>bgpd decode</c>: decodes a capture and prints every message, or the NOTIFICATION our
/// speaker would send for it. Exits 1 when any message fails to decode, so it doubles as a check.
/// </summary>
public static class DecodeCommand
{
    public const string EmbeddedCaptureName = "bird2-gobgp-ebgp.txt";

    public static int Run(TextWriter output, IReadOnlyList<CapturedMessage> messages)
    {
        var counts = new Dictionary<BgpMessageType, int>();
        var failures = 0;
        foreach (var captured in messages)
        {
            try
            {
                var message = BgpMessageDecoder.Decode(captured.Bytes, captured.Context);
                counts[message.Type] = counts.GetValueOrDefault(message.Type) + 1;
                MessagePrinter.Print(output, captured, message);
            }
            catch (BgpNotificationException error)
            {
                failures++;
                MessagePrinter.PrintError(output, captured, error);
            }
        }

        output.WriteLine();
        var summary = counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key}")
            .Append(failures > 0 ? $"{failures} malformed" : "all decoded");
        output.WriteLine($"{messages.Count} messages: {string.Join(", ", summary)}");
        return failures > 0 ? 1 : 0;
    }

    public static IReadOnlyList<CapturedMessage> LoadEmbedded()
    {
        var assembly = typeof(DecodeCommand).Assembly;
        using var stream = assembly.GetManifestResourceStream(EmbeddedCaptureName)
            ?? throw new InvalidOperationException($"the embedded capture {EmbeddedCaptureName} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return CaptureFile.Parse(reader, EmbeddedCaptureName);
    }

    public static IReadOnlyList<CapturedMessage> LoadFile(string path)
    {
        using var reader = File.OpenText(path);
        return CaptureFile.Parse(reader, path);
    }
}
