namespace Bgp.Testing;

/// <summary>
/// One BIRD 2 instance with its own config, control socket and log in a temp directory, run in the
/// foreground (-f) so we own its PID. Dispose kills it and deletes the directory.
/// </summary>
public sealed partial class BirdDaemon : IReferenceDaemon
{
    private const string BgpStatePrefix = "BGP state:";
    private readonly DaemonProcess _process;
    private DaemonPeering? _peering;
    private IReadOnlyList<DaemonPeering> _moreNeighbors = [];

    private BirdDaemon(string directory, DaemonProcess process)
    {
        Directory = directory;
        _process = process;
    }

    public ReferenceDaemonKind Kind => ReferenceDaemonKind.Bird;

    /// <summary>The peering this daemon was started with; throws for a daemon started from raw config text.</summary>
    public DaemonPeering Peering => _peering ?? throw new InvalidOperationException("this BIRD was started from raw config text");

    public DaemonProcess Process => _process;

    public string Directory { get; }

    public string ControlSocket => Path.Combine(Directory, "bird.ctl");

    public string LogFile => Path.Combine(Directory, "bird.log");

    /// <summary>Starts BIRD with one BGP protocol named <see cref="DaemonPeering.Name"/> for <paramref name="peering"/>.</summary>
    public static async Task<BirdDaemon> StartAsync(DaemonPeering peering)
    {
        var daemon = await StartAsync(peering.Name, BirdConfig.For(peering)).ConfigureAwait(false);
        daemon._peering = peering;
        return daemon;
    }

    /// <summary>
    /// Starts BIRD with a BGP protocol for <paramref name="peering"/> and one for each of
    /// <paramref name="moreNeighbors"/> (<see cref="BirdConfig.For(DaemonPeering, IReadOnlyList{DaemonPeering})"/>);
    /// the <see cref="IRoutingDaemon"/> members act on <paramref name="peering"/>'s protocol, the
    /// overloads taking a protocol name on any.
    /// </summary>
    public static async Task<BirdDaemon> StartAsync(DaemonPeering peering, IReadOnlyList<DaemonPeering> moreNeighbors)
    {
        var daemon = await StartAsync(peering.Name, BirdConfig.For(peering, moreNeighbors)).ConfigureAwait(false);
        daemon._peering = peering;
        daemon._moreNeighbors = moreNeighbors;
        return daemon;
    }

    /// <summary>
    /// Starts BIRD with <paramref name="config"/>; the text may use {LOG} for the log file path.
    /// Waits until the control socket answers.
    /// </summary>
    public static async Task<BirdDaemon> StartAsync(string name, string config, IReadOnlyList<string>? extraArguments = null)
    {
        var bird = DaemonBinaries.Require(DaemonBinaries.Bird, "bird");
        var directory = System.IO.Directory.CreateTempSubdirectory($"bgp-{name}-").FullName;
        var configPath = Path.Combine(directory, "bird.conf");
        await File.WriteAllTextAsync(configPath, config.Replace("{LOG}", Path.Combine(directory, "bird.log"), StringComparison.Ordinal)).ConfigureAwait(false);
        var parse = await ExternalCommand.RunAsync(bird, ["-p", "-c", configPath]).ConfigureAwait(false);
        if (!parse.Ok)
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException($"BIRD rejected the config: {parse.Output}{parse.Error}\n{config}");
        }

        var process = DaemonProcess.Start(bird, ["-f", "-c", configPath, "-s", Path.Combine(directory, "bird.ctl"),
            "-P", Path.Combine(directory, "bird.pid"), .. extraArguments ?? []]);
        var daemon = new BirdDaemon(directory, process);
        try
        {
            await ExternalCommand.WaitUntilAsync(async () =>
                    !process.HasExited && File.Exists(daemon.ControlSocket) &&
                    (await daemon.TryBirdcAsync("show", "status").ConfigureAwait(false)).Ok,
                TimeSpan.FromSeconds(10), "BIRD control socket", () => Task.FromResult(process.Output)).ConfigureAwait(false);
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    public Task<ExternalCommand.Result> TryBirdcAsync(params string[] command) =>
        ExternalCommand.RunAsync(DaemonBinaries.Require(DaemonBinaries.Birdc, "birdc"),
            ["-s", ControlSocket, .. command]);

    public async Task<string> BirdcAsync(params string[] command)
    {
        var result = await TryBirdcAsync(command).ConfigureAwait(false);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"birdc {string.Join(' ', command)}: {result.Output}{result.Error}");
        }

        return result.Output;
    }

    public async Task<bool> IsEstablishedAsync(string protocol)
    {
        var result = await TryBirdcAsync("show", "protocols", protocol).ConfigureAwait(false);
        return result.Ok && result.Output.Contains("Established", StringComparison.Ordinal);
    }

    public Task<bool> IsEstablishedAsync() => IsEstablishedAsync(Peering.Name);

    public Task WaitEstablishedAsync(TimeSpan timeout) => WaitEstablishedAsync(Peering.Name, timeout);

    /// <summary>The BGP state column of <c>birdc show protocols all</c> ("Established", "Active", "Connect", …).</summary>
    public async Task<string> GetSessionStateAsync()
    {
        var result = await TryBirdcAsync("show", "protocols", "all", Peering.Name).ConfigureAwait(false);
        foreach (var line in result.Output.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(BgpStatePrefix, StringComparison.Ordinal))
            {
                return trimmed[BgpStatePrefix.Length..].Trim();
            }
        }

        return result.Ok ? "unknown" : "birdc failed: " + result.Error;
    }

    public async Task<string> DiagnosticsAsync() =>
        (await TryBirdcAsync("show", "protocols", "all", Peering.Name).ConfigureAwait(false)).Output + "\n" + ReadLogTail();

    public Task WaitEstablishedAsync(string protocol, TimeSpan timeout) =>
        ExternalCommand.WaitUntilAsync(() => IsEstablishedAsync(protocol), timeout, $"BIRD protocol {protocol} Established",
            async () => (await TryBirdcAsync("show", "protocols", "all", protocol).ConfigureAwait(false)).Output + ReadLogTail());

    public string ReadLogTail()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join('\n', lines.TakeLast(30));
        }
        catch (IOException)
        {
            return _process.Output;
        }
    }

    public static async Task<string> VersionAsync()
    {
        var result = await ExternalCommand.RunAsync(DaemonBinaries.Require(DaemonBinaries.Bird, "bird"), ["--version"]).ConfigureAwait(false);
        return (result.Output + result.Error).Trim();
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A socket file still closing; the temp directory is left behind.
        }
    }
}
