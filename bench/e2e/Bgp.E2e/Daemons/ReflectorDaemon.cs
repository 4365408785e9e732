using System.Diagnostics;

namespace Bgp.E2e.Daemons;

/// <summary>
/// One reflector under test: writes its generated configuration, starts the process (its PID is
/// the one measured), and kills it by PID. Output goes to a log file in the run's folder.
/// </summary>
internal abstract class ReflectorDaemon
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    /// <summary>The name used on the command line and in the tables: bird, gobgp, frr, ours.</summary>
    public abstract string Name { get; }

    /// <summary>Why this daemon cannot run here (binary missing), or null.</summary>
    public abstract string? Unavailable(RunEnvironment environment);

    /// <summary>A one-line version string for the report.</summary>
    public abstract string Version(RunEnvironment environment);

    /// <summary>Writes the configuration for <paramref name="addressing"/> into <paramref name="directory"/> and says how to start.</summary>
    protected abstract ProcessStartInfo Prepare(Addressing addressing, RunEnvironment environment, string directory);

    public RunningDaemon Start(Addressing addressing, RunEnvironment environment, string directory)
    {
        Directory.CreateDirectory(directory);
        var start = Prepare(addressing, environment, directory);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Name}: could not start {start.FileName}");
        var log = new StreamWriter(Path.Combine(directory, "output.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunningDaemon(process, log, directory);
    }

    protected static string? MissingFile(string path, string what) =>
        File.Exists(path) ? null : $"{what} not found at {path}";

    /// <summary>Runs a short command and returns its first output line (versions).</summary>
    protected static string FirstLine(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(ExitWait);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    /// <summary>A started daemon; <see cref="Stop"/> kills it (and its children) by PID.</summary>
    internal sealed class RunningDaemon(Process process, StreamWriter log, string directory)
    {
        public int Pid => process.Id;

        public bool HasExited => process.HasExited;

        public string Directory => directory;

        public void Stop()
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.WaitForExit(ExitWait);
            }
            catch (InvalidOperationException)
            {
                // Never started or already reaped.
            }
            finally
            {
                process.Dispose();
                lock (log)
                {
                    log.Dispose();
                }
            }
        }

        /// <summary>The last lines of the daemon's output, for a failure report.</summary>
        public string Tail(int lines)
        {
            var path = Path.Combine(directory, "output.log");
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                var all = reader.ReadToEnd().Split('\n');
                return string.Join('\n', all.TakeLast(lines));
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }
    }
}
