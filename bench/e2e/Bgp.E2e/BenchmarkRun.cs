using System.Diagnostics;
using System.Net;
using Bgp.E2e.Daemons;

namespace Bgp.E2e;

/// <summary>
/// One daemon at one scale. The daemon starts; the monitor client connects and reaches
/// Established; then the clock starts, every tester connects, completes its handshake and sends
/// its pre-encoded UPDATEs and End-of-RIB, while draining what the reflector sends back; the clock
/// stops when the monitor holds all P×M routes. CPU is the daemon's utime+stime over that window
/// (and since its start); peak RSS is VmHWM, sampled during the run and read once more at the end.
/// </summary>
internal sealed class BenchmarkRun(ReflectorDaemon daemon, Addressing addressing, RunEnvironment environment, TimeSpan timeout, TextWriter log)
{
    private static readonly TimeSpan MonitorConnectTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NonReflectorTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>After convergence, how long the route set must stay exact (late withdrawals or duplicates show up).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private const double BytesPerMiB = 1024.0 * 1024.0;

    public async Task<RunResult> RunAsync(CancellationToken cancellation)
    {
        var version = daemon.Version(environment);
        var directory = Path.Combine(environment.WorkDirectory, $"{daemon.Name}-{addressing.Testers}x{addressing.PrefixesPerTester}");
        var loads = Enumerable.Range(0, addressing.Testers).Select(t => TesterLoad.Encode(addressing, t)).ToArray();
        var endpoint = new IPEndPoint(Addressing.Reflector, environment.Port);
        var monitor = new RouteMonitor(addressing);
        var connections = new List<BgpConnection>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var running = daemon.Start(addressing, environment, directory);
        var pid = running.Pid;
        long peakRss = 0;
        Task? sampler = null;
        Task[] testers = [];
        var established = 0;
        var dropped = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var failedBefore = 0;

        RunResult Result(RunStatus status, string detail, double? wall = null, double? cpu = null, double? cpuTotal = null) =>
            new(daemon.Name, version, addressing.Testers, addressing.PrefixesPerTester, wall, cpu, cpuTotal,
                peakRss > 0 ? peakRss / BytesPerMiB : null, monitor.Held, monitor.BadRoutes, monitor.Unexpected,
                monitor.Updates, status, detail);

        try
        {
            sampler = SampleAsync(pid, value => peakRss = Math.Max(peakRss, value), stop.Token);
            BgpConnection monitorConnection;
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
            {
                connect.CancelAfter(MonitorConnectTimeout);
                try
                {
                    monitorConnection = await BgpConnection.OpenAsync(Addressing.Monitor, endpoint, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    return Result(RunStatus.Error, $"monitor session never came up; daemon output:\n{running.Tail(10)}");
                }
            }

            connections.Add(monitorConnection);
            failedBefore = BgpConnection.FailedAttempts;
            var monitorLoop = monitorConnection.ReceiveAsync(monitor.OnUpdate, stop.Token);
            var cpuStart = ProcStats.CpuSeconds(pid) ?? 0;
            var started = Stopwatch.GetTimestamp();
            testers = Enumerable.Range(0, addressing.Testers)
                .Select(t => RunTesterAsync(t, loads[t], endpoint, connections, () => Interlocked.Increment(ref established), dropped.Enqueue, stop.Token))
                .ToArray();

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            // Ours without reflector options cannot converge: do not wait the full timeout for it.
            deadline.CancelAfter(daemon is OursReflector { ReflectorConfig: false } && timeout > NonReflectorTimeout ? NonReflectorTimeout : timeout);
            var timedOut = Task.Delay(Timeout.Infinite, deadline.Token);
            var first = await Task.WhenAny(monitor.Complete, monitorLoop, timedOut).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            var cpuEnd = ProcStats.CpuSeconds(pid);
            peakRss = Math.Max(peakRss, ProcStats.PeakRssBytes(pid) ?? 0);
            var cpu = cpuEnd - cpuStart;
            if (first != monitor.Complete)
            {
                var why = first == monitorLoop ? $"monitor session ended: {monitorLoop.Result}" : $"no convergence within the timeout";
                why += $"; {Volatile.Read(ref established)} of {addressing.Testers} testers established, {BgpConnection.FailedAttempts - failedBefore} failed attempts{Dropped(dropped)}";
                var failedTester = testers.FirstOrDefault(t => t.IsFaulted);
                if (failedTester is not null)
                {
                    why += $"; a tester failed: {failedTester.Exception!.InnerException!.Message}";
                }

                var status = daemon is OursReflector { ReflectorConfig: false } && monitor.Held == 0
                    ? RunStatus.NotYetReflector
                    : first == monitorLoop || running.HasExited ? RunStatus.Error : RunStatus.Timeout;
                return Result(status, $"{why}; {monitor.Held} of {addressing.TotalPrefixes} routes at the monitor", cpu: cpu, cpuTotal: cpuEnd);
            }

            var wall = Stopwatch.GetElapsedTime(started, monitor.Complete.Result).TotalSeconds;
            await Task.Delay(Settle, stop.Token).ConfigureAwait(false);
            var exact = monitor.Held == addressing.TotalPrefixes && monitor.BadRoutes == 0 && monitor.Unexpected == 0;
            var detail = exact
                ? "exact" + Dropped(dropped)
                : $"FAIL: held {monitor.Held}, bad {monitor.BadRoutes}, unexpected {monitor.Unexpected}; first problem: {monitor.FirstProblem}";
            return Result(exact ? RunStatus.Exact : RunStatus.Mismatch, detail, wall, cpu, cpuEnd);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(testers).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Stopped mid-handshake or mid-send: the run is over either way.
            }

            foreach (var connection in connections)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            running.Stop();
            if (sampler is not null)
            {
                await sampler.ConfigureAwait(false);
            }

            await log.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One tester: connect, announce, drain what the reflector sends back (the other testers'
    /// routes) so its output to us never stalls on a full socket. A session the reflector drops
    /// before the run is over is opened again and the routes sent again, as a real client would.
    /// </summary>
    private static async Task RunTesterAsync(int tester, byte[] load, IPEndPoint endpoint, List<BgpConnection> connections,
        Action onEstablished, Action<string> onDropped, CancellationToken cancellation)
    {
        var first = true;
        while (!cancellation.IsCancellationRequested)
        {
            var connection = await BgpConnection.OpenAsync(Addressing.Tester(tester), endpoint, cancellation).ConfigureAwait(false);
            lock (connections)
            {
                connections.Add(connection);
            }

            if (first)
            {
                onEstablished();
                first = false;
            }

            var drain = connection.ReceiveAsync(null, cancellation);
            await connection.SendAsync(load, cancellation).ConfigureAwait(false);
            var ended = await drain.ConfigureAwait(false);
            if (!cancellation.IsCancellationRequested)
            {
                onDropped($"tester {Addressing.Tester(tester)}: {ended}");
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Dropped(System.Collections.Concurrent.ConcurrentQueue<string> dropped) =>
        dropped.IsEmpty ? string.Empty : $"; {dropped.Count} tester sessions dropped by the reflector and reopened (first: {dropped.First()})";

    /// <summary>Records the daemon's peak RSS every <see cref="SampleInterval"/> until cancelled.</summary>
    internal static async Task SampleAsync(int pid, Action<long> record, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
            {
                if (ProcStats.PeakRssBytes(pid) is { } rss)
                {
                    record(rss);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Run over.
        }
    }
}
