using System.Diagnostics;
using System.Text;

namespace Bgp.Testing;

/// <summary>A long-running daemon we started: its PID, its output, stopped by PID.</summary>
public sealed class DaemonProcess : IDisposable
{
    private const string KillCommand = "kill";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Freezes the process (SIGSTOP): it keeps its sockets open but neither reads nor sends.</summary>
    public Task SuspendAsync() => SignalAsync("-STOP");

    /// <summary>Thaws a process frozen by <see cref="SuspendAsync"/> (SIGCONT).</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Kills the process abruptly (SIGKILL): no NOTIFICATION, the TCP connections just close (a crash).</summary>
    public async Task KillAsync()
    {
        await SignalAsync("-KILL").ConfigureAwait(false);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for it to exit; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        await SignalAsync("-TERM").ConfigureAwait(false);
        await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        return _process.ExitCode;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static DaemonProcess Start(string fileName, params string[] arguments) =>
        StartWithEnvironment(fileName, new Dictionary<string, string>(), arguments);

    /// <summary>Starts <paramref name="fileName"/> with extra environment variables (ExaBGP reads its settings from them).</summary>
    public static DaemonProcess StartWithEnvironment(string fileName, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var daemon = new DaemonProcess(process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"cannot start {fileName}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return daemon;
    }

    /// <summary>Kills exactly the process we started (by its PID) and waits for it.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal) =>
        await ExternalCommand.RunCheckedAsync(KillCommand, signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
