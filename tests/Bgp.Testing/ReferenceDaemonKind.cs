namespace Bgp.Testing;

/// <summary>The reference daemons from Debian's packages the interop tests run against.</summary>
public enum ReferenceDaemonKind
{
    Bird,
    GoBgp,
    Frr,
}
