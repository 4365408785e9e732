using System.Globalization;

namespace Bgp.E2e;

/// <summary>
/// A daemon's CPU time and memory from /proc (proc(5)): utime + stime + cutime + cstime of
/// /proc/PID/stat (every thread, plus children it waited for) in clock ticks, and VmHWM (peak
/// resident set) of /proc/PID/status.
/// </summary>
internal static class ProcStats
{
    /// <summary>Fields after the command name: state is field 3, utime 14 … cstime 17 (1-based, proc(5)).</summary>
    private const int UtimeAfterCommand = 14 - 3;

    private const int CpuFieldCount = 4;
    private const long BytesPerKib = 1024;

    private static readonly Lazy<double> TicksPerSecond = new(ReadTicksPerSecond);

    /// <summary>CPU seconds the process has used, or null when it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // The command name may hold spaces and parentheses: the fields start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = 0;
        for (var i = 0; i < CpuFieldCount; i++)
        {
            ticks += long.Parse(fields[UtimeAfterCommand + i], CultureInfo.InvariantCulture);
        }

        return ticks / TicksPerSecond.Value;
    }

    /// <summary>Peak resident set size in bytes (VmHWM), or null when the process is gone.</summary>
    public static long? PeakRssBytes(int pid) => StatusKib(pid, "VmHWM:") * BytesPerKib;

    private static long? StatusKib(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var value = line[field.Length..].Trim();
                    return long.Parse(value[..value.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            return null;
        }

        return null;
    }

    private static double ReadTicksPerSecond()
    {
        using var getconf = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("getconf", "CLK_TCK")
        {
            RedirectStandardOutput = true,
        })!;
        var text = getconf.StandardOutput.ReadToEnd().Trim();
        getconf.WaitForExit();
        return double.Parse(text, CultureInfo.InvariantCulture);
    }
}
