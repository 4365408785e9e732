using System.Globalization;

namespace Bgp.Speaker.Hosting;

/// <summary>
/// The restart marker in <c>gracefulRestart.stateDirectory</c>: how bgpd recognises, with no
/// command-line flag, that it starts after a crash or a kill (RFC 4724 §4.1 restarting speaker).
/// </summary>
/// <remarks>
/// <para>While bgpd runs, the file says <c>running</c> and its modification time is refreshed every
/// <see cref="HeartbeatInterval"/>; a clean stop (every peer sent Cease, so no peer keeps our routes)
/// rewrites it as <c>stopped</c>. At start, a marker that still says <c>running</c> means the
/// previous process died without its Cease: peers that negotiated graceful restart hold our routes
/// stale for our Restart Time, so this start is a restart. If the heartbeat is older than the
/// longest Restart Time we advertise (plus one interval), the peers have already dropped our routes
/// and the start is a normal one.</para>
/// <para>Why a file and not the kernel routes or the peers: the file is cheap, needs no
/// privilege, and says exactly what the RFC cares about, whether our previous instance ended
/// without telling its peers. A crash loop restarts each time, which costs only the wait for
/// End-of-RIB.</para>
/// </remarks>
public sealed class RestartMarker : IDisposable
{
    /// <summary>The marker's name in the state directory.</summary>
    public const string FileName = "bgpd.state";

    /// <summary>How often a running bgpd refreshes the marker's time.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    private const string Running = "running";
    private const string Stopped = "stopped";
    private const string Restarting = "restarting";

    private readonly string _path;
    private readonly TimeProvider _time;
    private ITimer? _heartbeat;

    private RestartMarker(string path, TimeProvider time, bool restarting, string reason)
    {
        _path = path;
        _time = time;
        IsRestart = restarting;
        Reason = reason;
    }

    /// <summary>The previous instance died while its peers may still hold our routes: this start is a restart.</summary>
    public bool IsRestart { get; }

    /// <summary>What the marker said, for the start-up log.</summary>
    public string Reason { get; }

    public string Path => _path;

    /// <summary>
    /// Reads the marker left by the previous instance. <paramref name="longestRestartTime"/>: the
    /// longest Restart Time we advertise, after which no peer holds our routes any more.
    /// </summary>
    public static RestartMarker Read(string directory, TimeProvider time, TimeSpan longestRestartTime)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(time);
        var path = System.IO.Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return new RestartMarker(path, time, false, "no marker: first start");
        }

        var state = File.ReadAllText(path).Split(' ', 2)[0].Trim();
        if (state != Running && state != Restarting)
        {
            return new RestartMarker(path, time, false, $"previous instance {state}");
        }

        var age = time.GetUtcNow() - new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        var ended = state == Restarting ? "stopped for a graceful restart" : "died";
        return age <= longestRestartTime + HeartbeatInterval
            ? new RestartMarker(path, time, true, $"previous instance {ended} {age.TotalSeconds:F0} s ago without Cease")
            : new RestartMarker(path, time, false, $"previous instance {ended} {age.TotalSeconds:F0} s ago, longer than the restart time {longestRestartTime.TotalSeconds:F0} s");
    }

    /// <summary>This instance runs: the marker says so, with a heartbeat.</summary>
    public void MarkRunning()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        Write(Running);
        _heartbeat ??= _time.CreateTimer(_ => Touch(), null, HeartbeatInterval, HeartbeatInterval);
    }

    /// <summary>Every peer was sent Cease: the next start is a normal one.</summary>
    public void MarkStopped()
    {
        _heartbeat?.Dispose();
        _heartbeat = null;
        Write(Stopped);
    }

    /// <summary>
    /// Sessions were closed without Cease for a graceful restart (<c>gracefulRestart.onStop</c>):
    /// peers hold our routes, and a start within the Restart Time is the restart they wait for.
    /// </summary>
    public void MarkRestarting()
    {
        _heartbeat?.Dispose();
        _heartbeat = null;
        Write(Restarting);
    }

    public void Dispose() => _heartbeat?.Dispose();

    private void Write(string state)
    {
        // Written aside and renamed, so a crash mid-write never leaves a torn marker.
        var temporary = _path + ".tmp";
        File.WriteAllText(temporary, $"{state} {_time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)}\n");
        File.Move(temporary, _path, overwrite: true);
        File.SetLastWriteTimeUtc(_path, _time.GetUtcNow().UtcDateTime);
    }

    private void Touch()
    {
        try
        {
            File.SetLastWriteTimeUtc(_path, _time.GetUtcNow().UtcDateTime);
        }
        catch (IOException)
        {
            // A missed heartbeat only shortens how long a crash counts as a restart.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
