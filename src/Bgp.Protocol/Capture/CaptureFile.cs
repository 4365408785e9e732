namespace Bgp.Protocol.Capture;

/// <summary>
/// The text capture format (<c>tests/Bgp.Protocol.Tests/Vectors/README.md</c>): one message per
/// line as <c>sender&gt;receiver key=value… HEX</c>, <c>#</c> comments, blank lines ignored. A line
/// of bare hex is also accepted (direction "?", <see cref="CaptureFlags.None"/>), so a message
/// pasted from tcpdump works. Parsing only; reading the file is the caller's.
/// </summary>
public static class CaptureFile
{
    private const char CommentStart = '#';
    private const char DirectionMark = '>';
    private const string UnknownDirection = "?";

    /// <summary>Every message of a capture, in line order.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the source and line.</exception>
    public static IReadOnlyList<CapturedMessage> Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var messages = new List<CapturedMessage>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text[0] == CommentStart)
            {
                continue;
            }

            messages.Add(ParseLine(text, source, lineNumber));
        }

        return messages;
    }

    /// <summary>One capture line: <c>[direction] [flags…] hex</c>.</summary>
    /// <exception cref="FormatException">The line is malformed; the message names the source and line.</exception>
    public static CapturedMessage ParseLine(string text, string source, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            throw new FormatException($"{source}:{lineNumber}: expected '[<direction>] [<flags...>] <hex>'");
        }

        var hasDirection = tokens.Length > 1 && tokens[0].Contains(DirectionMark, StringComparison.Ordinal);
        var direction = hasDirection ? tokens[0] : UnknownDirection;
        CaptureFlags flags;
        try
        {
            flags = CaptureFlags.Parse(tokens[(hasDirection ? 1 : 0)..^1]);
        }
        catch (FormatException error)
        {
            throw new FormatException($"{source}:{lineNumber}: {error.Message}", error);
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(tokens[^1]);
        }
        catch (FormatException error)
        {
            throw new FormatException($"{source}:{lineNumber}: the last field is not an even-length hex string", error);
        }

        return new CapturedMessage(source, lineNumber, direction, flags, bytes);
    }
}
