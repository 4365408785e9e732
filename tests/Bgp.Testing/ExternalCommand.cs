using System.Diagnostics;

namespace Bgp.Testing;

/// <summary>Runs a short command (birdc, gobgp) and returns its output, with a timeout.</summary>
public static class ExternalCommand
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
