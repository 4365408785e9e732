using System.Diagnostics;
using System.Text;

namespace Bgp.Protocol.Tests.Interop;

/// <summary>Runs a short command (birdc, gobgp) and returns its output, with a timeout.</summary>
internal static class ExternalCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public bool Ok => ExitCode == 0;
    }

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan? timeout = null)
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

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {fileName}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish in time");
        }

        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    public static async Task<Result> RunCheckedAsync(string fileName, params string[] arguments)
    {
        var result = await RunAsync(fileName, arguments).ConfigureAwait(false);
        if (!result.Ok)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Output}{result.Error}");
        }

        return result;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the timeout passes.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what,
        Func<Task<string>>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var poll = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            if (await condition().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var detail = diagnostics is null ? string.Empty : "\n" + await diagnostics().ConfigureAwait(false);
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}{detail}");
            }

            await Task.Delay(poll).ConfigureAwait(false);
        }
    }
}

/// <summary>A long-running daemon we started: its PID, its output, stopped by PID.</summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DaemonProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

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

    public static DaemonProcess Start(string fileName, params string[] arguments)
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
