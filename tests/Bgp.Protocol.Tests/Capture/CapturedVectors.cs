using System.Globalization;
using Bgp.Protocol.Iana;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>One message of a vector file (see Vectors/README.md).</summary>
/// <param name="File">Vector file name, e.g. "bird2-gobgp-ebgp.txt".</param>
/// <param name="Line">1-based line number in that file.</param>
/// <param name="Direction">Sender&gt;receiver, e.g. "bird>gobgp".</param>
/// <param name="Flags">What the session negotiated, for this direction.</param>
/// <param name="Bytes">The whole message, header included.</param>
public sealed record CapturedVector(string File, int Line, string Direction, VectorFlags Flags, byte[] Bytes)
{
    /// <summary>A stable id for theory data: "file:line".</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");

    public BgpMessageType Type => (BgpMessageType)Bytes[BgpConstants.HeaderLength - 1];

    public DecodeContext Context => Flags.ToDecodeContext();

    /// <summary>The message without its 19-octet header, as the codecs' Decode takes it.</summary>
    public ReadOnlySpan<byte> Body => Bytes.AsSpan(BgpConstants.HeaderLength);

    public override string ToString() => $"{Id} {Direction} {Type}";
}

/// <summary>
/// Loads the captured vector files copied next to the test assembly (Vectors/*.txt). Use
/// <see cref="Ids"/> or <see cref="IdsOf"/> as [MemberData] and <see cref="Get"/> in the test, so
/// every message is its own test case:
/// <code>
/// [Theory, MemberData(nameof(CapturedVectors.IdsOf), BgpMessageType.Update, MemberType = typeof(CapturedVectors))]
/// public void Update_Decodes(string id) { var v = CapturedVectors.Get(id); ... }
/// </code>
/// </summary>
public static class CapturedVectors
{
    public const string DirectoryName = "Vectors";
    public const string FilePattern = "*.txt";
    private const char CommentStart = '#';
    private static readonly Lazy<IReadOnlyList<CapturedVector>> All = new(() => LoadFrom(DefaultDirectory));

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, DirectoryName);

    /// <summary>Every message of every vector file, in file order.</summary>
    public static IReadOnlyList<CapturedVector> Load() => All.Value;

    public static CapturedVector Get(string id) =>
        Load().FirstOrDefault(v => v.Id == id) ?? throw new KeyNotFoundException($"no captured vector {id}");

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load())
        {
            data.Add(vector.Id);
        }

        return data;
    }

    public static TheoryData<string> IdsOf(BgpMessageType type)
    {
        var data = new TheoryData<string>();
        foreach (var vector in Load().Where(v => v.Type == type))
        {
            data.Add(vector.Id);
        }

        return data;
    }

    public static IReadOnlyList<string> Files() =>
        Directory.Exists(DefaultDirectory)
            ? [.. Directory.GetFiles(DefaultDirectory, FilePattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];

    public static IReadOnlyList<CapturedVector> LoadFrom(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var vectors = new List<CapturedVector>();
        foreach (var path in Directory.GetFiles(directory, FilePattern).Order(StringComparer.Ordinal))
        {
            vectors.AddRange(Parse(Path.GetFileName(path), File.ReadAllLines(path)));
        }

        return vectors;
    }

    /// <summary>Parses one vector file: '#' comments, blank lines, and "direction flags... hex".</summary>
    public static IEnumerable<CapturedVector> Parse(string file, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == CommentStart)
            {
                continue;
            }

            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2)
            {
                throw new FormatException($"{file}:{i + 1}: expected '<direction> <flags...> <hex>'");
            }

            var flags = VectorFlags.Parse(tokens[1..^1]);
            yield return new CapturedVector(file, i + 1, tokens[0], flags, Convert.FromHexString(tokens[^1]));
        }
    }
}
