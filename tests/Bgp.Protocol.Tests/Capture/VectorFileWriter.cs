using Bgp.Protocol.Capture;
using System.Text;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>Turns a relay recording into the text of a vector file (format in Vectors/README.md).</summary>
public static class VectorFileWriter
{
    /// <summary>
    /// Writes the one relayed connection that carried both OPENs. Flags for each direction come
    /// from the two captured OPENs (<see cref="CaptureFlags.Negotiate"/>).
    /// </summary>
    public static string Write(IReadOnlyList<RecordedMessage> recorded, IEnumerable<string> headerLines)
    {
        var session = SelectSession(recorded);
        var listenerOpen = OpenCapabilities.Read(session.First(m => m.FromListenerSide && m.Type == BgpMessageType.Open).Bytes);
        var targetOpen = OpenCapabilities.Read(session.First(m => !m.FromListenerSide && m.Type == BgpMessageType.Open).Bytes);
        var fromListener = OpenCapabilities.NegotiatedFlags(listenerOpen, targetOpen);
        var fromTarget = OpenCapabilities.NegotiatedFlags(targetOpen, listenerOpen);

        var text = new StringBuilder();
        foreach (var line in headerLines)
        {
            text.Append("# ").AppendLine(line);
        }

        text.Append("# messages: ").AppendLine(string.Join(", ",
            session.GroupBy(m => (m.Direction, m.Type)).Select(g => $"{g.Key.Direction} {g.Key.Type}={g.Count()}")));
        text.AppendLine("# format: <direction> <flags for decoding this message> <hex of the whole message, header included>");
        foreach (var message in session)
        {
            var flags = message.FromListenerSide ? fromListener : fromTarget;
            text.Append(message.Direction).Append(' ').Append(flags).Append(' ')
                .AppendLine(Convert.ToHexString(message.Bytes).ToLowerInvariant());
        }

        return text.ToString();
    }

    /// <summary>The messages of the first connection that saw an OPEN in both directions.</summary>
    public static IReadOnlyList<RecordedMessage> SelectSession(IReadOnlyList<RecordedMessage> recorded)
    {
        var connection = recorded.GroupBy(m => m.Connection)
            .FirstOrDefault(g => g.Any(m => m.FromListenerSide && m.Type == BgpMessageType.Open) &&
                                 g.Any(m => !m.FromListenerSide && m.Type == BgpMessageType.Open))
            ?? throw new InvalidOperationException("no relayed connection carried both OPENs");
        return [.. connection];
    }
}
