using System.Runtime.CompilerServices;
using Bgp.Protocol.Framing;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// Records the committed vector files from real daemons. Run through scripts/capture-vectors.sh,
/// which sets BGP_CAPTURE_WRITE=1 and BGP_VECTORS_DIR to tests/Bgp.Protocol.Tests/Vectors.
/// </summary>
[Trait("Category", "Capture")]
public sealed class VectorCaptureTests
{
    public const string BirdGoBgpFile = "bird2-gobgp-ebgp.txt";
    public const string BirdBirdFile = "bird2-bird2-ibgp-addpath-rr.txt";

    [CaptureFact]
    public async Task Capture_Bird2_GoBgp_Ebgp_WritesVectorFile()
    {
        var result = await CaptureScenarios.BirdGoBgpEbgpAsync(full: true);
        Write(BirdGoBgpFile, result);
    }

    [CaptureFact]
    public async Task Capture_Bird2_Bird2_Ibgp_AddPath_WritesVectorFile()
    {
        var result = await CaptureScenarios.BirdBirdIbgpAddPathAsync();
        Write(BirdBirdFile, result);
    }

    private static void Write(string file, CaptureResult result)
    {
        Assert.Empty(result.Errors);
        var text = VectorFileWriter.Write(result.Messages, result.Header);
        // What we write must read back and frame, or the file is useless.
        var parsed = CapturedVectors.Parse(file, text.Split('\n')).ToList();
        Assert.NotEmpty(parsed);
        foreach (var vector in parsed)
        {
            ReadOnlySpan<byte> span = vector.Bytes;
            Assert.True(BgpFramer.TryReadMessage(ref span, TcpRecordingRelay.RecordedMaxMessageLength, out _, out _));
        }

        var directory = Environment.GetEnvironmentVariable(CaptureFactAttribute.DirectoryVariable) ?? SourceVectorsDirectory();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, file), text);
    }

    private static string SourceVectorsDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", CapturedVectors.DirectoryName));
}
