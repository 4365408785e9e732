using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Bgp.E2e.Daemons;

namespace Bgp.E2e;

/// <summary>
/// One daemon in the scale run (issue 5): P clients (1,000) each announce M prefixes (100) and
/// each reads everything the reflector sends into its own <see cref="RouteMonitor"/> view (every
/// other client's routes, checked like the monitor's), plus the monitor, which announces nothing and
/// must hold all P×M. The clock starts as the clients connect; it reports when all sessions were up,
/// when the monitor held everything and when every client did. Then every session stays up for
/// <c>held</c> more seconds, and the run reports per client the longest silence from the reflector
/// against the hold time, and every session the reflector dropped (the client reconnects, as a real
/// one would, so the figures still come, but the run fails).
/// </summary>
internal sealed class ScaleRun(ReflectorDaemon daemon, Addressing addressing, RunEnvironment environment, TimeSpan timeout, TimeSpan held)
{
    private static readonly TimeSpan MonitorConnectTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a client waits for the reflector's OPEN: RFC 4271 §8.2.2's "large" OpenSent hold
    /// timer (4 minutes), not the normal run's 10 s, so a reflector slow to accept 1,000 clients is
    /// measured rather than hammered with retries.
    /// </summary>
    private static readonly TimeSpan OpenSentTimeout = TimeSpan.FromMinutes(4);

    /// <summary>A client's silence from the reflector may reach this fraction of the hold time: one keepalive missed, the next late.</summary>
    private const double PunctualityLimit = 2.0 / 3.0;

    private const double BytesPerMiB = 1024.0 * 1024.0;

    private readonly ConcurrentQueue<string> _drops = new();
    private readonly Client[] _clients = new Client[addressing.Testers + 1];
    private long _started;

    public async Task<ScaleResult> RunAsync(CancellationToken cancellation)
    {
        var version = daemon.Version(environment);
        var directory = Path.Combine(environment.WorkDirectory, $"{daemon.Name}-scale-{addressing.Testers}x{addressing.PrefixesPerTester}");
        var originators = addressing.Originators;
        for (var t = 0; t < addressing.Testers; t++)
        {
            _clients[t] = new Client(Addressing.Tester(t), TesterLoad.Encode(addressing, t), new RouteMonitor(addressing, t, originators));
        }

        var monitor = new Client(Addressing.Monitor, [], new RouteMonitor(addressing));
        _clients[^1] = monitor;
        var endpoint = new IPEndPoint(Addressing.Reflector, environment.Port);
        var harnessCpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var running = daemon.Start(addressing, environment, directory);
        var pid = running.Pid;
        long peakRss = 0;
        double? sessionsUp = null, monitorSeconds = null, allSeconds = null, cpu = null, cpuHeld = null;
        var status = RunStatus.Error;
        var failedBefore = BgpConnection.FailedAttempts;
        var detail = string.Empty;
        Task? sampler = null;
        var loops = new List<Task>();
        try
        {
            sampler = BenchmarkRun.SampleAsync(pid, value => peakRss = Math.Max(peakRss, value), stop.Token);
            BgpConnection first;
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
            {
                connect.CancelAfter(MonitorConnectTimeout);
                try
                {
                    first = await BgpConnection.OpenAsync(monitor.Address, endpoint, environment.HoldTimeSeconds, BgpConnection.HandshakeTimeout, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    detail = $"monitor session never came up; daemon output:\n{running.Tail(10)}";
                    return Result();
                }
            }

            failedBefore = BgpConnection.FailedAttempts;
            var cpuStart = ProcStats.CpuSeconds(pid) ?? 0;
            _started = Stopwatch.GetTimestamp();
            loops.Add(RunClientAsync(monitor, endpoint, first, stop.Token));
            loops.AddRange(_clients[..^1].Select(c => RunClientAsync(c, endpoint, null, stop.Token)));

            var everyone = Task.WhenAll(_clients.Select(c => c.View.Complete));
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            deadline.CancelAfter(timeout);
            await Task.WhenAny(everyone, Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false);
            cancellation.ThrowIfCancellationRequested();
            var cpuEnd = ProcStats.CpuSeconds(pid);
            cpu = cpuEnd - cpuStart;
            sessionsUp = AllUpSeconds();
            monitorSeconds = monitor.View.Complete.IsCompleted ? Seconds(monitor.View.Complete.Result) : null;
            if (!everyone.IsCompleted)
            {
                status = running.HasExited ? RunStatus.Error : RunStatus.Timeout;
                detail = $"no convergence within {timeout.TotalSeconds:0} s: {Converged()} of {_clients.Length} clients hold all their routes, " +
                         $"{_clients.Count(c => c.Connection is not null)} sessions up{(running.HasExited ? "; the daemon exited: " + running.Tail(5) : string.Empty)}";
                return Result();
            }

            allSeconds = Seconds(_clients.Max(c => c.View.Complete.Result));
            await Task.Delay(held, stop.Token).ConfigureAwait(false);
            cpuHeld = ProcStats.CpuSeconds(pid) - cpuEnd;
            var wrong = _clients.FirstOrDefault(c => c.View.Held != c.View.Expected || c.View.BadRoutes != 0 || c.View.Unexpected != 0);
            status = wrong is null ? RunStatus.Exact : RunStatus.Mismatch;
            detail = wrong is null
                ? "exact"
                : $"FAIL: {wrong.Address} held {wrong.View.Held} of {wrong.View.Expected}, bad {wrong.View.BadRoutes}, unexpected {wrong.View.Unexpected}; first problem: {wrong.View.FirstProblem}";
            return Result();
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(loops).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Stopped mid-handshake or mid-send: the run is over either way.
            }

            foreach (var client in _clients)
            {
                if (client.Connection is { } connection)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }

            running.Stop();
            if (sampler is not null)
            {
                await sampler.ConfigureAwait(false);
            }
        }

        ScaleResult Result()
        {
            peakRss = Math.Max(peakRss, ProcStats.PeakRssBytes(pid) ?? 0);
            var now = Stopwatch.GetTimestamp();
            var gaps = _clients.Where(c => c.Connection is not null)
                .Select(c => (c.Address.ToString(), Math.Max(c.LongestGapBefore, c.Connection!.LongestReceiveGap(now).TotalSeconds)))
                .ToList();
            var harnessGap = _clients.Where(c => c.Connection is not null)
                .Select(c => Math.Max(c.KeepaliveGapBefore, c.Connection!.LongestKeepaliveGap.TotalSeconds)).DefaultIfEmpty(0).Max();
            var punctuality = ScalePunctuality.From(gaps, environment.HoldTimeSeconds * PunctualityLimit, harnessGap);
            var harnessCpu = (Process.GetCurrentProcess().TotalProcessorTime - harnessCpuStart).TotalSeconds;
            return new ScaleResult(daemon.Name, version, addressing.Testers, addressing.PrefixesPerTester, environment.HoldTimeSeconds,
                sessionsUp, monitorSeconds, allSeconds, Converged(), cpu, cpuHeld, (int)held.TotalSeconds,
                peakRss > 0 ? peakRss / BytesPerMiB : null, punctuality, _drops.ToArray(), harnessCpu,
                _clients.Sum(c => c.View.Echoed), BgpConnection.FailedAttempts - failedBefore, status, detail);
        }
    }

    private int Converged() => _clients.Count(c => c.View.Complete.IsCompleted);

    private double Seconds(long timestamp) => Stopwatch.GetElapsedTime(_started, timestamp).TotalSeconds;

    /// <summary>When the last client's first session reached Established (null when some never did).</summary>
    private double? AllUpSeconds() =>
        _clients.All(c => c.Established != 0) ? Seconds(_clients.Max(c => c.Established)) : null;

    /// <summary>
    /// One client: connect (unless the monitor's first session is given), announce, read everything
    /// into its view until the run stops. A session the reflector ends is a drop: recorded with its
    /// reason, and the client connects again and announces again.
    /// </summary>
    private async Task RunClientAsync(Client client, IPEndPoint endpoint, BgpConnection? opened, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            var connection = opened ?? await BgpConnection.OpenAsync(client.Address, endpoint, environment.HoldTimeSeconds, OpenSentTimeout, cancellation).ConfigureAwait(false);
            opened = null;
            if (client.Established == 0)
            {
                client.Established = Stopwatch.GetTimestamp();
            }

            if (client.Connection is { } previous)
            {
                await previous.DisposeAsync().ConfigureAwait(false);
            }

            client.Connection = connection;
            var receive = connection.ReceiveAsync(client.View.OnUpdate, cancellation);
            if (client.Load.Length > 0)
            {
                await connection.SendAsync(client.Load, cancellation).ConfigureAwait(false);
            }

            var ended = await receive.ConfigureAwait(false);
            if (!cancellation.IsCancellationRequested)
            {
                var now = Stopwatch.GetTimestamp();
                client.LongestGapBefore = Math.Max(client.LongestGapBefore, connection.LongestReceiveGap(now).TotalSeconds);
                client.KeepaliveGapBefore = Math.Max(client.KeepaliveGapBefore, connection.LongestKeepaliveGap.TotalSeconds);
                _drops.Enqueue($"{client.Address} at {Seconds(now):0.0} s: {ended}");
            }
        }
    }

    /// <summary>One client's address, announcement, view, current session and what its earlier sessions saw.</summary>
    private sealed class Client(IPAddress address, byte[] load, RouteMonitor view)
    {
        public IPAddress Address { get; } = address;

        public byte[] Load { get; } = load;

        public RouteMonitor View { get; } = view;

        public BgpConnection? Connection { get; set; }

        /// <summary><see cref="Stopwatch"/> timestamp of the first Established, 0 before.</summary>
        public long Established { get; set; }

        /// <summary>The longest silence seen on sessions that were dropped.</summary>
        public double LongestGapBefore { get; set; }

        /// <summary>The longest gap between our own keepalives on sessions that were dropped.</summary>
        public double KeepaliveGapBefore { get; set; }
    }
}
