namespace Bgp.Speaker.Demo;

/// <summary>How the demo ended: its exit code, and the lab as it was when it converged (null if it never did).</summary>
internal sealed record DemoResult(int ExitCode, DemoSnapshot? Converged);
