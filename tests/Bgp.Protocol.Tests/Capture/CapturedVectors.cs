using Bgp.Protocol.Capture;
using Bgp.Protocol.Iana;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

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
    private static readonly Lazy<IReadOnlyList<CapturedMessage>> All = new(() => LoadFrom(DefaultDirectory));

    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, DirectoryName);

    /// <summary>Every message of every vector file, in file order.</summary>
    public static IReadOnlyList<CapturedMessage> Load() => All.Value;

    public static CapturedMessage Get(string id) =>
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

    public static IReadOnlyList<CapturedMessage> LoadFrom(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var vectors = new List<CapturedMessage>();
        foreach (var path in Directory.GetFiles(directory, FilePattern).Order(StringComparer.Ordinal))
        {
            vectors.AddRange(Parse(Path.GetFileName(path), File.ReadAllLines(path)));
        }

        return vectors;
    }

    /// <summary>Parses one vector file with the shared capture parser (<see cref="CaptureFile"/>).</summary>
    public static IReadOnlyList<CapturedMessage> Parse(string file, IReadOnlyList<string> lines)
    {
        using var reader = new StringReader(string.Join('\n', lines));
        return CaptureFile.Parse(reader, file);
    }
}
