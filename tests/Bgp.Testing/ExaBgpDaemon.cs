using System.Text;

namespace Bgp.Testing;

/// <summary>
/// One ExaBGP 4.2 with one neighbor, driven through its API: an API process tails a command file
/// and every line a test appends (<see cref="SendAsync"/>) is an API command ("announce route …",
/// "withdraw route …"). Generic attributes (<c>attribute [ 0xCODE 0xFLAGS 0xDATA ]</c>) are packed
/// verbatim, which makes ExaBGP a source of malformed UPDATEs from a real daemon.
/// Dispose kills it by PID and deletes its temp directory.
/// </summary>
public sealed class ExaBgpDaemon : IReferenceDaemon
{
    private const string CommandFileName = "commands";
    private const string ApiProcess = "commands";
    private const string EstablishedMarker = "connected to";
    private readonly DaemonProcess _process;

    private ExaBgpDaemon(string directory, DaemonProcess process, DaemonPeering peering)
    {
        Directory = directory;
        _process = process;
        Peering = peering;
    }

    public string Directory { get; }

    /// <summary>ExaBGP is not one of the three reference daemons of the session tests; reported as BIRD's peer kind is meaningless here.</summary>
    public ReferenceDaemonKind Kind => throw new NotSupportedException("ExaBGP has no ReferenceDaemonKind");

    public DaemonPeering Peering { get; }

    public DaemonProcess Process => _process;

    public string CommandFile => Path.Combine(Directory, CommandFileName);

    public string Output => _process.Output;

    public static string? Binary => File.Exists(BinaryPath) ? BinaryPath : null;

    private const string BinaryPath = "/usr/sbin/exabgp";

    /// <summary>Starts ExaBGP for <paramref name="peering"/>; it listens on its local address and port and connects unless passive.</summary>
    public static async Task<ExaBgpDaemon> StartAsync(DaemonPeering peering)
    {
        var exabgp = DaemonBinaries.Require(Binary, "exabgp");
        var directory = System.IO.Directory.CreateTempSubdirectory($"bgp-exabgp-{peering.Name}-").FullName;
        var configPath = Path.Combine(directory, "exabgp.conf");
        var commandFile = Path.Combine(directory, CommandFileName);
        await File.WriteAllTextAsync(commandFile, string.Empty).ConfigureAwait(false);
        await File.WriteAllTextAsync(configPath, Config(peering, commandFile)).ConfigureAwait(false);
        var process = DaemonProcess.StartWithEnvironment(exabgp, new Dictionary<string, string>
        {
            ["exabgp.daemon.user"] = "root",
            ["exabgp.daemon.drop"] = "false",
            ["exabgp.daemon.daemonize"] = "false",
            ["exabgp.tcp.bind"] = peering.LocalAddress.ToString(),
            ["exabgp.tcp.port"] = DaemonPeering.Invariant(peering.LocalPort),
            ["exabgp.api.ack"] = "false",
            ["exabgp.api.cli"] = "false",
            ["exabgp.log.destination"] = "stdout",
            ["exabgp.log.level"] = "INFO",
        }, configPath);
        return new ExaBgpDaemon(directory, process, peering);
    }

    /// <summary>Appends one API command; the API process hands it to ExaBGP within a fraction of a second.</summary>
    public Task SendAsync(string command) => File.AppendAllTextAsync(CommandFile, command + "\n");

    public Task<string> GetSessionStateAsync() => Task.FromResult(_process.HasExited ? "exited" : "running");

    /// <summary>ExaBGP logs "connected to … with outgoing/incoming"; a later "peer reset" or "closing" means it went down.</summary>
    public Task<bool> IsEstablishedAsync() => Task.FromResult(!_process.HasExited &&
        _process.Output.Contains(EstablishedMarker, StringComparison.Ordinal));

    public Task WaitEstablishedAsync(TimeSpan timeout) =>
        ExternalCommand.WaitUntilAsync(IsEstablishedAsync, timeout, "ExaBGP session", DiagnosticsAsync);

    public Task<string> DiagnosticsAsync() => Task.FromResult(string.Join('\n', _process.Output.Split('\n').TakeLast(40)));

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

    private static string Config(DaemonPeering peering, string commandFile)
    {
        var text = new StringBuilder();
        text.AppendLine($"process {ApiProcess} {{");
        text.AppendLine($"  run /usr/bin/tail -n +1 -F {commandFile};");
        text.AppendLine("  encoder text;");
        text.AppendLine("}");
        text.AppendLine($"neighbor {peering.PeerAddress} {{");
        text.AppendLine($"  router-id {peering.EffectiveRouterId};");
        text.AppendLine($"  local-address {peering.LocalAddress};");
        text.AppendLine($"  local-as {DaemonPeering.Invariant(peering.LocalAs)};");
        text.AppendLine($"  peer-as {DaemonPeering.Invariant(peering.PeerAs)};");
        text.AppendLine($"  hold-time {DaemonPeering.Invariant(peering.HoldTimeSeconds)};");
        text.AppendLine($"  connect {DaemonPeering.Invariant(peering.PeerPort)};");
        if (peering.Passive)
        {
            text.AppendLine("  passive true;");
        }

        text.AppendLine("  family { ipv4 unicast; ipv6 unicast; }");
        text.AppendLine($"  api {{ processes [ {ApiProcess} ]; }}");
        text.AppendLine("}");
        return text.ToString();
    }
}
