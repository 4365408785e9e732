using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;

namespace Bgp.Soak;

/// <summary>The measured process: one speaker, N passive peers; starts the child, watches, reports.</summary>
internal static class MeasuredSide
{
    /// <summary>iBGP on both sides (a Calico mesh); any AS works.</summary>
    public const uint As = 64512;

    private static readonly TimeSpan EstablishTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(SoakOptions options, string processPath, string entryAssembly)
    {
        var port = FreePort(options.SpeakerAddress);
        var hold = TimeSpan.FromSeconds(options.HoldSeconds);
        var peers = Enumerable.Range(0, options.Peers).Select(i => new PeerOptions
        {
            Name = "p" + i.ToString(CultureInfo.InvariantCulture),
            Address = options.PeerAddress(i),
            RemoteAs = As,
            Mode = ConnectionMode.Passive,
            HoldTime = hold,
        }).ToArray();
        var speakerOptions = new SpeakerOptions
        {
            LocalAs = As,
            RouterId = options.SpeakerAddress,
            Listen = new ListenOptions { Address = options.SpeakerAddress, Port = port },
            Peers = peers,
        };

        var self = Process.GetCurrentProcess();
        var rssBefore = ReadStatusKb("VmRSS");
        Console.WriteLine($"soak: {options.Peers} sessions on 127.{options.Block}.0.0/16, hold {options.HoldSeconds} s, {options.Minutes} min; speaker {options.SpeakerAddress}:{port}");
        await using var speaker = SoakSpeakers.Create(speakerOptions, SoakSpeakers.Quiet);
        await speaker.StartAsync();
        using var child = StartChild(processPath, entryAssembly, options with { Port = port });
        try
        {
            var establishWatch = Stopwatch.StartNew();
            while (speaker.GetStatus().Count(s => s.State == SessionState.Established) < options.Peers)
            {
                if (establishWatch.Elapsed > EstablishTimeout || child.HasExited)
                {
                    var up = speaker.GetStatus().Count(s => s.State == SessionState.Established);
                    Console.WriteLine($"FAIL: only {up}/{options.Peers} sessions Established after {establishWatch.Elapsed.TotalSeconds:0} s (child exited: {child.HasExited})");
                    return 1;
                }

                await Task.Delay(Poll);
            }

            Console.WriteLine($"all {options.Peers} Established in {establishWatch.Elapsed.TotalSeconds:0.0} s");
            self.Refresh();
            var cpuAtEstablished = self.TotalProcessorTime;
            var result = await HoldAsync(speaker, options, hold);
            self.Refresh();
            var steadyCpu = self.TotalProcessorTime - cpuAtEstablished;
            var totalCpu = self.TotalProcessorTime;
            var peakKb = ReadStatusKb("VmHWM");
            var rssKb = ReadStatusKb("VmRSS");
            var heldSeconds = options.Minutes * 60;

            Console.WriteLine($"held {heldSeconds:0} s: drops {result.Drops}, max keepalive gap {result.MaxGap.TotalSeconds:0.0} s (limit {result.GapLimit.TotalSeconds:0.0} s), keepalives received {result.Keepalives}");
            Console.WriteLine($"cpu: {totalCpu.TotalSeconds:0.00} s total, {steadyCpu.TotalSeconds:0.00} s while held = {steadyCpu.TotalMilliseconds / options.Peers / (heldSeconds / 60):0.00} ms per session per minute ({100 * steadyCpu.TotalSeconds / heldSeconds:0.00} % of one core)");
            Console.WriteLine($"memory: peak RSS (VmHWM) {peakKb / 1024.0:0.0} MiB, RSS now {rssKb / 1024.0:0.0} MiB, before sessions {rssBefore / 1024.0:0.0} MiB = {(peakKb - rssBefore) / (double)options.Peers:0.0} KiB per session over the baseline");
            Console.WriteLine($"gc: heap {GC.GetTotalMemory(false) / 1024.0 / 1024.0:0.0} MiB, gen0/1/2 collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            var ok = result.Drops == 0 && result.MaxGap <= result.GapLimit;
            Console.WriteLine(ok ? "PASS" : "FAIL");
            return ok ? 0 : 1;
        }
        finally
        {
            await speaker.StopAsync();
            StopChild(child);
        }
    }

    private sealed record HoldResult(int Drops, TimeSpan MaxGap, TimeSpan GapLimit, long Keepalives);

    /// <summary>
    /// Polls every second for the soak's duration. A drop is a session not Established or
    /// established more than once; the keepalive gap is the time since a session's received
    /// keepalive count last grew, and must stay below two thirds of the hold time.
    /// </summary>
    private static async Task<HoldResult> HoldAsync(Speaker.Hosting.Speaker speaker, SoakOptions options, TimeSpan hold)
    {
        var gapLimit = hold * 2 / 3;
        var start = speaker.GetStatus();
        var lastCount = start.ToDictionary(s => s.Name, s => s.Received.Keepalive);
        var lastChange = start.ToDictionary(s => s.Name, _ => Stopwatch.GetTimestamp());
        var dropped = new HashSet<string>();
        var maxGap = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        var nextReport = TimeSpan.FromSeconds(30);
        while (watch.Elapsed < TimeSpan.FromMinutes(options.Minutes))
        {
            await Task.Delay(Poll);
            var now = Stopwatch.GetTimestamp();
            foreach (var status in speaker.GetStatus())
            {
                if (status.State != SessionState.Established || status.EstablishedTransitions != 1)
                {
                    if (dropped.Add(status.Name))
                    {
                        Console.WriteLine($"DROP {status.Name} {status.Address}: {status.State}, transitions {status.EstablishedTransitions}, {status.LastError}");
                    }
                }

                if (status.Received.Keepalive != lastCount[status.Name])
                {
                    lastCount[status.Name] = status.Received.Keepalive;
                    lastChange[status.Name] = now;
                }

                var gap = Stopwatch.GetElapsedTime(lastChange[status.Name], now);
                maxGap = gap > maxGap ? gap : maxGap;
            }

            if (watch.Elapsed >= nextReport)
            {
                Console.WriteLine($"  {watch.Elapsed.TotalSeconds:0} s: drops {dropped.Count}, max keepalive gap {maxGap.TotalSeconds:0.0} s");
                nextReport += TimeSpan.FromSeconds(30);
            }
        }

        return new HoldResult(dropped.Count, maxGap, gapLimit, lastCount.Values.Sum());
    }

    private static Process StartChild(string processPath, string entryAssembly, SoakOptions options)
    {
        var info = new ProcessStartInfo(processPath) { RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            info.ArgumentList.Add(entryAssembly);
        }

        foreach (var argument in new[]
                 {
                     "--role", "peers", "--peers", options.Peers.ToString(CultureInfo.InvariantCulture),
                     "--block", options.Block.ToString(CultureInfo.InvariantCulture), "--port", options.Port.ToString(CultureInfo.InvariantCulture),
                     "--hold", options.HoldSeconds.ToString(CultureInfo.InvariantCulture),
                 })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start the peer process");
    }

    /// <summary>Closes the child's standard input (it then sends Cease on every session) and kills it by PID if it lingers.</summary>
    private static void StopChild(Process child)
    {
        try
        {
            child.StandardInput.Close();
            if (!child.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                child.Kill();
                child.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static long ReadStatusKb(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
