namespace Bgp.E2e;

internal enum RunStatus
{
    /// <summary>The monitor held exactly the P×M expected routes with the reflected attributes.</summary>
    Exact,

    /// <summary>The monitor held a different route set, or routes with wrong attributes.</summary>
    Mismatch,

    /// <summary>The monitor did not hold every route before the timeout.</summary>
    Timeout,

    /// <summary>Ours without reflector options: a plain iBGP speaker does not reflect.</summary>
    NotYetReflector,

    /// <summary>The daemon exited, or a session could not be set up.</summary>
    Error,
}
