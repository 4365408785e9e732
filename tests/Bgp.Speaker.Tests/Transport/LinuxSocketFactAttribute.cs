using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Transport;
using Xunit;

namespace Bgp.Speaker.Tests.Transport;

/// <summary>
/// A fact that needs Linux TCP_MD5SIG and IP_MINTTL on loopback. Skips with the reason when the
/// kernel or the process's privileges do not allow them, except under CI=true, where it runs and fails.
/// </summary>
public sealed class LinuxSocketFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public LinuxSocketFactAttribute()
    {
        if (Unavailable.Value is { } reason && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = reason;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "TCP MD5 and GTSM socket options are Linux only";
        }

        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            LinuxSocketOptions.SetMd5Key(socket, IPAddress.Loopback, "probe");
            LinuxSocketOptions.SetMinimumTtl(socket, AddressFamily.InterNetwork, LinuxSocketOptions.MaxTtl);
            return null;
        }
        catch (SocketException error)
        {
            return $"this kernel or process cannot set the options: {error.Message}";
        }
    }
}
