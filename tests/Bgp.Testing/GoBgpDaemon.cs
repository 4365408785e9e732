using System.Net;
using System.Text.Json;

namespace Bgp.Testing;

/// <summary>
/// One gobgpd with its own TOML config in a temp directory, its gRPC API on a loopback address.
/// Dispose kills it by PID and deletes the directory.
/// </summary>
public sealed partial class GoBgpDaemon : IReferenceDaemon
{
    private const int EstablishedSessionState = 6;
    private readonly DaemonProcess _process;
    private readonly IPAddress _apiAddress;
    private readonly int _apiPort;
    private DaemonPeering? _peering;

    private GoBgpDaemon(string directory, DaemonProcess process, IPAddress apiAddress, int apiPort)
    {
        Directory = directory;
        _process = process;
        _apiAddress = apiAddress;
        _apiPort = apiPort;
    }

    public string Directory { get; }

    public ReferenceDaemonKind Kind => ReferenceDaemonKind.GoBgp;

    /// <summary>The peering this daemon was started with; throws for a daemon started from raw config text.</summary>
    public DaemonPeering Peering => _peering ?? throw new InvalidOperationException("this gobgpd was started from raw config text");

    public DaemonProcess Process => _process;

    /// <summary>Starts gobgpd with one neighbor for <paramref name="peering"/>; its API listens on the peering's local address.</summary>
    public static async Task<GoBgpDaemon> StartAsync(DaemonPeering peering)
    {
        var daemon = await StartAsync(peering.Name, GoBgpConfig.For(peering), peering.LocalAddress).ConfigureAwait(false);
        daemon._peering = peering;
        try
        {
            foreach (var route in peering.Routes)
            {
                await daemon.AnnounceAsync(route).ConfigureAwait(false);
            }
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    public static async Task<GoBgpDaemon> StartAsync(string name, string config, IPAddress apiAddress)
    {
        var gobgpd = DaemonBinaries.Require(DaemonBinaries.GoBgpd, "gobgpd");
        var directory = System.IO.Directory.CreateTempSubdirectory($"bgp-{name}-").FullName;
        var configPath = Path.Combine(directory, "gobgpd.toml");
        await File.WriteAllTextAsync(configPath, config).ConfigureAwait(false);
        var apiPort = LoopbackAddresses.FreePort(apiAddress);
        var process = DaemonProcess.Start(gobgpd, "-f", configPath, "--api-hosts", $"{apiAddress}:{apiPort}", "--pprof-disable");
        var daemon = new GoBgpDaemon(directory, process, apiAddress, apiPort);
        try
        {
            await ExternalCommand.WaitUntilAsync(async () =>
                    !process.HasExited && (await daemon.TryCliAsync("global").ConfigureAwait(false)).Ok,
                TimeSpan.FromSeconds(10), "gobgpd API", () => Task.FromResult(process.Output)).ConfigureAwait(false);
        }
        catch
        {
            daemon.Dispose();
            throw;
        }

        return daemon;
    }

    public string Output => _process.Output;

    public Task<ExternalCommand.Result> TryCliAsync(params string[] command) =>
        ExternalCommand.RunAsync(DaemonBinaries.Require(DaemonBinaries.GoBgp, "gobgp"),
            ["-u", _apiAddress.ToString(), "-p", _apiPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. command]);

    public async Task<string> CliAsync(params string[] command)
    {
        var result = await TryCliAsync(command).ConfigureAwait(false);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"gobgp {string.Join(' ', command)}: {result.Output}{result.Error}");
        }

        return result.Output;
    }

    public async Task<bool> IsEstablishedAsync(IPAddress neighbor) =>
        await GetSessionStateAsync(neighbor).ConfigureAwait(false) == EstablishedSessionState;

    /// <summary>The neighbor's session_state from <c>gobgp neighbor ADDR -j</c> (1 idle … 6 established), or null.</summary>
    public async Task<int?> GetSessionStateAsync(IPAddress neighbor)
    {
        var result = await TryCliAsync("neighbor", neighbor.ToString(), "-j").ConfigureAwait(false);
        if (!result.Ok)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(result.Output);
            var root = json.RootElement;
            var peer = root.ValueKind == JsonValueKind.Array ? root[0] : root;
            return peer.GetProperty("state").TryGetProperty("session_state", out var state) &&
                   state.ValueKind == JsonValueKind.Number ? state.GetInt32() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public Task<bool> IsEstablishedAsync() => IsEstablishedAsync(Peering.PeerAddress);

    public Task WaitEstablishedAsync(TimeSpan timeout) => WaitEstablishedAsync(Peering.PeerAddress, timeout);

    async Task<string> IReferenceDaemon.GetSessionStateAsync() =>
        await GetSessionStateAsync(Peering.PeerAddress).ConfigureAwait(false) switch
        {
            EstablishedSessionState => "Established",
            { } state => "session_state " + state.ToString(System.Globalization.CultureInfo.InvariantCulture),
            null => "unknown",
        };

    public async Task<string> DiagnosticsAsync() =>
        (await TryCliAsync("neighbor", Peering.PeerAddress.ToString()).ConfigureAwait(false)).Output + "\n" + _process.Output;

    public Task WaitEstablishedAsync(IPAddress neighbor, TimeSpan timeout) =>
        ExternalCommand.WaitUntilAsync(() => IsEstablishedAsync(neighbor), timeout, $"GoBGP neighbor {neighbor} Established",
            async () => (await TryCliAsync("neighbor").ConfigureAwait(false)).Output + _process.Output);

    public static async Task<string> VersionAsync()
    {
        var result = await ExternalCommand.RunAsync(DaemonBinaries.Require(DaemonBinaries.GoBgpd, "gobgpd"), ["--version"]).ConfigureAwait(false);
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
            // Left behind in the temp directory.
        }
    }
}
