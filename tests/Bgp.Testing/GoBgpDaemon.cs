using System.Net;
using System.Text.Json;

namespace Bgp.Testing;

/// <summary>
/// One gobgpd with its own TOML config in a temp directory, its gRPC API on a loopback address.
/// Dispose kills it by PID and deletes the directory.
/// </summary>
public sealed class GoBgpDaemon : IDisposable
{
    private const int EstablishedSessionState = 6;
    private readonly DaemonProcess _process;
    private readonly IPAddress _apiAddress;
    private readonly int _apiPort;

    private GoBgpDaemon(string directory, DaemonProcess process, IPAddress apiAddress, int apiPort)
    {
        Directory = directory;
        _process = process;
        _apiAddress = apiAddress;
        _apiPort = apiPort;
    }

    public string Directory { get; }

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

    public async Task<bool> IsEstablishedAsync(IPAddress neighbor)
    {
        var result = await TryCliAsync("neighbor", neighbor.ToString(), "-j").ConfigureAwait(false);
        if (!result.Ok)
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(result.Output);
            var root = json.RootElement;
            var peer = root.ValueKind == JsonValueKind.Array ? root[0] : root;
            return peer.GetProperty("state").TryGetProperty("session_state", out var state) &&
                   state.ValueKind == JsonValueKind.Number && state.GetInt32() == EstablishedSessionState;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }

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
