namespace Bgp.Testing;

/// <summary>Where the reference daemons live, and whether this machine has them.</summary>
public static class DaemonBinaries
{
    public const string InstallHint = "run scripts/install-deps.sh to install BIRD 2, GoBGP, FRR and ExaBGP";

    public static string? Bird => FindOnPath("bird");
    public static string? Birdc => FindOnPath("birdc");
    public static string? GoBgpd => FindOnPath("gobgpd");
    public static string? GoBgp => FindOnPath("gobgp");
    public static string? Vtysh => FindOnPath("vtysh");

    /// <summary>Debian installs FRR's daemons outside PATH; bgpd runs alone (no zebra, no watchfrr).</summary>
    public static string? FrrBgpd => File.Exists(FrrBgpdPath) ? FrrBgpdPath : null;

    private const string FrrBgpdPath = "/usr/lib/frr/bgpd";

    /// <summary>Null when every daemon in <paramref name="kinds"/> is usable here, else why not.</summary>
    public static string? Missing(IEnumerable<ReferenceDaemonKind> kinds)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "interop tests need Linux (127/8 loopback addresses)";
        }

        var missing = new List<string>();
        foreach (var kind in kinds.Distinct())
        {
            switch (kind)
            {
                case ReferenceDaemonKind.Bird:
                    if (Bird is null) missing.Add("bird");
                    if (Birdc is null) missing.Add("birdc");
                    break;
                case ReferenceDaemonKind.GoBgp:
                    if (GoBgpd is null) missing.Add("gobgpd");
                    if (GoBgp is null) missing.Add("gobgp");
                    break;
                case ReferenceDaemonKind.Frr:
                    if (FrrBgpd is null) missing.Add(FrrBgpdPath);
                    if (Vtysh is null) missing.Add("vtysh");
                    break;
            }
        }

        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)}; {InstallHint}";
    }

    /// <summary>Null when BIRD 2 and GoBGP are usable here, else why not.</summary>
    public static string? MissingBirdAndGoBgp()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "interop tests need Linux (127/8 loopback addresses)";
        }

        var missing = new List<string>();
        if (Bird is null) missing.Add("bird");
        if (Birdc is null) missing.Add("birdc");
        if (GoBgpd is null) missing.Add("gobgpd");
        if (GoBgp is null) missing.Add("gobgp");
        return missing.Count == 0 ? null : $"missing {string.Join(", ", missing)}; {InstallHint}";
    }

    public static string Require(string? path, string name) =>
        path ?? throw new InvalidOperationException($"{name} not found on PATH; {InstallHint}");

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        // Debian puts bird in /usr/sbin, which a non-root PATH may lack.
        var directories = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
