using System.Runtime.CompilerServices;
using Bgp.Speaker.Configuration;
using Xunit;

namespace Bgp.Speaker.Tests.Configuration;

/// <summary>Every example under docs/examples/ loads: the documentation cannot drift from the loader.</summary>
public sealed class DocExamplesTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "examples"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void Examples_Exist()
    {
        Assert.True(Examples().Count >= 2, "docs/examples/ should hold at least the lab and the ToR examples");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_Loads(string fileName)
    {
        SpeakerOptions options = ConfigLoader.Load(Path.Combine(RepositoryRoot(), "docs", "examples", fileName));

        Assert.NotEmpty(options.Peers);
    }

    /// <summary>
    /// Walks up from the test binaries to Bgp.sln; with an --artifacts-path outside the checkout,
    /// from this source file's compile-time location instead.
    /// </summary>
    internal static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "" })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Bgp.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException($"no Bgp.sln above {AppContext.BaseDirectory} or {sourceFile}");
    }
}
