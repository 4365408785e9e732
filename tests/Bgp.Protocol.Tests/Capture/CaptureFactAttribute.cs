using Bgp.Testing;
using Xunit;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// A fact that records new vector files. It runs only when BGP_CAPTURE_WRITE=1 (see
/// scripts/capture-vectors.sh), so ordinary test runs never rewrite the committed vectors.
/// </summary>
public sealed class CaptureFactAttribute : FactAttribute
{
    public const string WriteVariable = "BGP_CAPTURE_WRITE";
    public const string DirectoryVariable = "BGP_VECTORS_DIR";

    public CaptureFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(WriteVariable) != "1")
        {
            Skip = $"records vector files only with {WriteVariable}=1 (scripts/capture-vectors.sh)";
        }
        else if (DaemonBinaries.MissingBirdAndGoBgp() is { } missing)
        {
            Skip = missing;
        }
    }
}
