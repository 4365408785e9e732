using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Bgp.Speaker.Demo;

/// <summary>
/// <c>bgpd</c> with no arguments (or <c>bgpd demo</c>): runs the demo lab, waits until it has
/// converged, prints the sessions and routes, then serves until Ctrl-C or SIGTERM (every session
/// closed with Cease 6/2), or stops at once with <c>--once</c>.
/// </summary>
internal static class DemoCommand
{
    public const string Usage = """
          bgpd [demo] [--once] [--nodes N] [--address A] [--port P] [--timeout S] [--log-level LEVEL]
                                       the demo: a route reflector and N (default 4) Calico nodes, one process, real
                                       BGP sessions on 127.0.0.x (reflector at A, default 127.0.0.1:1790; P 0 = any free
                                       port); prints the sessions and converged routes, then serves until Ctrl-C;
                                       --once exits after printing (0; 1 when it cannot start; 3 when not converged in S s)
          bgpd demo --print-config | --write-config DIR
                                       the demo's configuration files: a Calico reflector and its node clients
        """;

    public const int Succeeded = 0;
    public const int StartFailed = 1;
    public const int UsageError = 2;
    public const int NotConverged = 3;

    /// <summary>128 + SIGINT, as a shell reports a process ended by Ctrl-C.</summary>
    public const int Interrupted = 130;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many of the remaining problems a failed run lists.</summary>
    private const int ProblemsShown = 12;

    /// <summary>The process entry: console output, speakers' logs on stderr, Ctrl-C and SIGTERM stop the lab.</summary>
    public static int Run(IReadOnlyList<string> args)
    {
        if (!DemoOptions.TryParse(args, out DemoOptions options, out string error))
        {
            Console.Error.WriteLine($"bgpd demo: {error}");
            Console.Error.WriteLine("usage:");
            Console.Error.WriteLine(Usage);
            return UsageError;
        }

        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using ILoggerFactory loggers = LoggerFactory.Create(logging =>
        {
            logging.SetMinimumLevel(options.LogLevel);
            logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.UseUtcTimestamp = true;
                simple.TimestampFormat = "HH:mm:ss.fff ";
            });
            // Logs go to stderr, as bgpd run's do; stdout carries the tables.
            logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        return RunAsync(options, Console.Out, Console.Error, loggers, stop.Token).GetAwaiter().GetResult().ExitCode;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // stop the lab with Cease first; Main returns afterwards
            stop.Cancel();
        }
    }

    /// <summary>Runs the demo with <paramref name="args"/> as on the command line (tests call this).</summary>
    public static Task<DemoResult> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors, ILoggerFactory loggers, CancellationToken stop)
    {
        if (!DemoOptions.TryParse(args, out DemoOptions options, out string error))
        {
            errors.WriteLine($"bgpd demo: {error}");
            return Task.FromResult(new DemoResult(UsageError, null));
        }

        return RunAsync(options, output, errors, loggers, stop);
    }

    public static async Task<DemoResult> RunAsync(DemoOptions options, TextWriter output, TextWriter errors, ILoggerFactory loggers, CancellationToken stop)
    {
        DemoTopology lab;
        try
        {
            lab = new DemoTopology(options.ReflectorAddress, options.Port, options.NodeCount);
        }
        catch (ArgumentException error)
        {
            errors.WriteLine($"bgpd demo: {error.Message.Split(" (Parameter", 2)[0]}");
            return new DemoResult(UsageError, null);
        }

        if (options.PrintConfig || options.WriteConfigDirectory is not null)
        {
            return new DemoResult(WriteConfigs(lab, options.WriteConfigDirectory, output), null);
        }

        if (FirstUnbindableAddress(lab, errors) is not null)
        {
            return new DemoResult(StartFailed, null);
        }

        if (lab.Port == 0)
        {
            lab = lab.WithPort(DemoSockets.FreePort(lab.ReflectorAddress));
        }
        else if (DemoSockets.IsListening(lab.ReflectorAddress, lab.Port))
        {
            WritePortBusy(errors, lab);
            return new DemoResult(StartFailed, null);
        }

        DemoPrinter.WriteLab(output, lab);
        DateTimeOffset started = DateTimeOffset.UtcNow;
        DemoLab running;
        try
        {
            running = await DemoLab.StartAsync(lab, loggers, stop).ConfigureAwait(false);
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            WritePortBusy(errors, lab);
            return new DemoResult(StartFailed, null);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            errors.WriteLine("bgpd demo: interrupted while starting.");
            return new DemoResult(Interrupted, null);
        }
        catch (SocketException error)
        {
            errors.WriteLine($"bgpd demo: cannot listen on {lab.ReflectorAddress}:{lab.Port}: {error.Message}. Try another address or port (--address, --port).");
            return new DemoResult(StartFailed, null);
        }

        await using (running.ConfigureAwait(false))
        {
            return await RunLabAsync(running, options, output, errors, started, stop).ConfigureAwait(false);
        }
    }

    private static async Task<DemoResult> RunLabAsync(DemoLab running, DemoOptions options, TextWriter output, TextWriter errors, DateTimeOffset started, CancellationToken stop)
    {
        DemoTopology lab = running.Topology;
        DemoSnapshot snapshot;
        IReadOnlyList<string> problems;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            deadline.CancelAfter(options.Timeout);
            while (true)
            {
                snapshot = await running.SnapshotAsync(CancellationToken.None).ConfigureAwait(false);
                problems = DemoConvergence.Problems(lab, snapshot);
                if (problems.Count == 0 || deadline.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // one last look below, then report
                }
            }
        }

        // Seen converged by this snapshot: an upper bound, within one poll (and, at start-up, the JIT of the first look).
        TimeSpan converged = snapshot.TakenAt - started;
        if (problems.Count > 0)
        {
            await StopAsync(running, output, quiet: true).ConfigureAwait(false);
            if (stop.IsCancellationRequested)
            {
                errors.WriteLine("bgpd demo: interrupted before the lab converged.");
                return new DemoResult(Interrupted, null);
            }

            errors.WriteLine($"bgpd demo: the lab did not converge within {DemoPrinter.Duration(options.Timeout)}; still wrong:");
            foreach (string problem in problems.Take(ProblemsShown))
            {
                errors.WriteLine($"  {problem}");
            }

            if (problems.Count > ProblemsShown)
            {
                errors.WriteLine($"  … and {problems.Count - ProblemsShown} more");
            }

            errors.WriteLine("  Run it again with --log-level debug to see every session's messages, or allow more time with --timeout SECONDS.");
            DemoPrinter.WritePeers(errors, snapshot);
            return new DemoResult(NotConverged, null);
        }

        // Every session end records when it became Established: the last one is when the sessions were all up.
        TimeSpan sessionsUp = snapshot.Speakers.SelectMany(view => view.Peers).Max(peer => peer.EstablishedSince ?? snapshot.TakenAt) - started;
        DemoPrinter.WriteConverged(output, lab, snapshot, sessionsUp, converged);
        output.WriteLine();
        if (!options.Once)
        {
            output.WriteLine("Serving: the sessions stay up with keepalives. Ctrl-C stops every session with Cease 6/2 (Administrative Shutdown).");
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await WatchAsync(running, output, snapshot, stop).ConfigureAwait(false);
            output.WriteLine();
        }

        await StopAsync(running, output, quiet: false).ConfigureAwait(false);
        return new DemoResult(Succeeded, snapshot);
    }

    /// <summary>Until <paramref name="stop"/>: prints every session that changes state (a peer the user killed, a reconnect).</summary>
    private static async Task WatchAsync(DemoLab running, TextWriter output, DemoSnapshot converged, CancellationToken stop)
    {
        Dictionary<(string, string), SessionState> states = States(converged);
        using var timer = new PeriodicTimer(WatchInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                DemoSnapshot now = await running.SnapshotAsync(stop).ConfigureAwait(false);
                foreach (DemoSpeakerView view in now.Speakers)
                {
                    foreach (PeerStatus peer in view.Peers)
                    {
                        SessionState before = states[(view.Name, peer.Name)];
                        if (before != peer.State)
                        {
                            output.WriteLine($"{now.TakenAt:HH:mm:ss} {view.Name} -> {peer.Name}: {before} -> {peer.State}{(peer.LastError is null ? "" : $" ({peer.LastError})")}");
                            states[(view.Name, peer.Name)] = peer.State;
                        }
                    }
                }

                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM: the caller stops the lab.
        }
    }

    private static Dictionary<(string, string), SessionState> States(DemoSnapshot snapshot) =>
        snapshot.Speakers.SelectMany(view => view.Peers.Select(peer => (Key: (view.Name, peer.Name), peer.State)))
            .ToDictionary(entry => entry.Key, entry => entry.State);

    private static async Task StopAsync(DemoLab running, TextWriter output, bool quiet)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        IReadOnlyList<PeerStatus> reflectorView = await running.StopAsync(timeout.Token).ConfigureAwait(false);
        if (quiet)
        {
            return;
        }

        output.WriteLine("Stopped: each node sent the reflector Cease 6/2 (Administrative Shutdown), then the reflector closed. The reflector saw:");
        foreach (PeerStatus peer in reflectorView)
        {
            output.WriteLine($"  {peer.Name}: {peer.LastError ?? peer.State.ToString()}");
        }
    }

    private static int WriteConfigs(DemoTopology lab, string? directory, TextWriter output)
    {
        IReadOnlyList<(string FileName, string Json)> files = DemoConfigFiles.All(lab);
        if (directory is null)
        {
            foreach ((string fileName, string json) in files)
            {
                output.WriteLine($"// ===== {fileName} =====");
                output.WriteLine(json);
            }

            return Succeeded;
        }

        Directory.CreateDirectory(directory);
        foreach ((string fileName, string json) in files)
        {
            string path = Path.Combine(directory, fileName);
            File.WriteAllText(path, json);
            output.WriteLine($"wrote {path}");
        }

        output.WriteLine($"Run each in its own terminal: bgpd run --config {Path.Combine(directory, files[0].FileName)}, then one per node.");
        return Succeeded;
    }

    /// <summary>Binds each lab address once (Linux routes all of 127/8 to lo; other systems need aliases).</summary>
    private static IPAddress? FirstUnbindableAddress(DemoTopology lab, TextWriter errors)
    {
        foreach (IPAddress address in lab.Addresses)
        {
            if (!DemoSockets.CanBind(address, out string error))
            {
                errors.WriteLine($"bgpd demo: cannot use the loopback address {address}: {error}.");
                errors.WriteLine("  The demo puts each speaker on its own 127.0.0.x address. Linux routes all of 127.0.0.0/8 to lo;");
                errors.WriteLine($"  elsewhere add the addresses first (macOS: sudo ifconfig lo0 alias {address}), or move the lab with --address.");
                return address;
            }
        }

        return null;
    }

    private static void WritePortBusy(TextWriter errors, DemoTopology lab)
    {
        errors.WriteLine($"bgpd demo: {lab.ReflectorAddress}:{lab.Port} is already in use (another bgpd demo, or `bgpd run` with docs/examples/lab-a.json?).");
        errors.WriteLine($"  Stop that process, or give the reflector another port: bgpd --port {NextPort(lab.Port)} (--port 0 picks a free one).");
    }

    private static int NextPort(int port) => port < IPEndPoint.MaxPort ? port + 1 : port - 1;
}
