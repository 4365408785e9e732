using System.Text.Json;

namespace Bgp.Testing;

/// <summary>
/// One FRR bgpd, alone (no zebra, no watchfrr), with its config, pid file, vty socket and log in a
/// temp directory, listening only on the peering's address and port. Dispose kills it by PID and
/// deletes the directory.
/// </summary>
public sealed partial class FrrDaemon : IReferenceDaemon
{
    private const string EstablishedState = "Established";
    private const string NoVtyPort = "0";
    private readonly DaemonProcess _process;

    private FrrDaemon(string directory, DaemonProcess process, DaemonPeering peering)
    {
        Directory = directory;
        _process = process;
        Peering = peering;
    }

    public string Directory { get; }

    public ReferenceDaemonKind Kind => ReferenceDaemonKind.Frr;

    public DaemonPeering Peering { get; }

    public DaemonProcess Process => _process;

    public string LogFile => Path.Combine(Directory, "bgpd.log");

    public static async Task<FrrDaemon> StartAsync(DaemonPeering peering)
    {
        var bgpd = DaemonBinaries.Require(DaemonBinaries.FrrBgpd, "bgpd");
        var directory = System.IO.Directory.CreateTempSubdirectory($"bgp-frr-{peering.Name}-").FullName;
        var configPath = Path.Combine(directory, "bgpd.conf");
        await File.WriteAllTextAsync(configPath, FrrConfig.For(peering, Path.Combine(directory, "bgpd.log"))).ConfigureAwait(false);

        // -Z no zebra, -n no kernel routes, -S no user switching, -P 0 no vty TCP port,
        // -l and -p: listen on this address and port only.
        var process = DaemonProcess.Start(bgpd, "-f", configPath, "-Z", "-S", "-n",
            "-l", peering.LocalAddress.ToString(), "-p", DaemonPeering.Invariant(peering.LocalPort),
            "-i", Path.Combine(directory, "bgpd.pid"), "--vty_socket", directory, "-P", NoVtyPort);
        var daemon = new FrrDaemon(directory, process, peering);
        try
        {
            await ExternalCommand.WaitUntilAsync(async () =>
                    !process.HasExited && (await daemon.TryVtyshAsync("show bgp summary json").ConfigureAwait(false)).Ok,
                TimeSpan.FromSeconds(10), "FRR bgpd vty socket", () => Task.FromResult(process.Output + daemon.ReadLogTail())).ConfigureAwait(false);
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    public Task<ExternalCommand.Result> TryVtyshAsync(string command) =>
        ExternalCommand.RunAsync(DaemonBinaries.Require(DaemonBinaries.Vtysh, "vtysh"),
            ["--vty_socket", Directory, "-d", "bgpd", "-c", command]);

    /// <summary>bgpState from <c>show bgp neighbors ADDR json</c> ("Idle", "Active", "OpenSent", "Established", …).</summary>
    public async Task<string> GetSessionStateAsync()
    {
        var result = await TryVtyshAsync($"show bgp neighbors {Peering.PeerAddress} json").ConfigureAwait(false);
        if (!result.Ok)
        {
            return "vtysh failed: " + result.Output + result.Error;
        }

        try
        {
            using var json = JsonDocument.Parse(result.Output);
            return json.RootElement.TryGetProperty(Peering.PeerAddress.ToString(), out var neighbor) &&
                   neighbor.TryGetProperty("bgpState", out var state)
                ? state.GetString() ?? "unknown"
                : "unknown";
        }
        catch (JsonException)
        {
            return "unknown";
        }
    }

    public async Task<bool> IsEstablishedAsync() =>
        await GetSessionStateAsync().ConfigureAwait(false) == EstablishedState;

    public Task WaitEstablishedAsync(TimeSpan timeout) =>
        ExternalCommand.WaitUntilAsync(IsEstablishedAsync, timeout, $"FRR neighbor {Peering.PeerAddress} Established", DiagnosticsAsync);

    public async Task<string> DiagnosticsAsync() =>
        (await TryVtyshAsync($"show bgp neighbors {Peering.PeerAddress}").ConfigureAwait(false)).Output + "\n" + ReadLogTail();

    public string ReadLogTail()
    {
        try
        {
            return string.Join('\n', File.ReadAllLines(LogFile).TakeLast(30));
        }
        catch (IOException)
        {
            return _process.Output;
        }
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
