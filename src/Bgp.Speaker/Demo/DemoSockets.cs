using System.Net;
using System.Net.Sockets;

namespace Bgp.Speaker.Demo;

/// <summary>
/// The demo's checks before it starts: can each loopback address be bound, is the reflector's port
/// free, which port is free.
/// </summary>
internal static class DemoSockets
{
    // Linux <asm-generic/socket.h>: setting SO_REUSEADDR alone. .NET's SocketOptionName.ReuseAddress
    // also sets SO_REUSEPORT on Linux, and two SO_REUSEPORT listeners share a port without an error.
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>Binds <paramref name="address"/> once; false when this host cannot (127.0.0.x beyond .1 outside Linux).</summary>
    public static bool CanBind(IPAddress address, out string error)
    {
        try
        {
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, 0));
            error = "";
            return true;
        }
        catch (SocketException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    /// <summary>
    /// True when something already listens on <paramref name="address"/>:<paramref name="port"/>. A
    /// bgpd listener sets ReuseAddress (for TIME_WAIT after a restart), which on Linux lets a second
    /// one bind the same port silently, so the demo asks first: Linux refuses an SO_REUSEADDR bind
    /// only while a socket listens there, not for connections left in TIME_WAIT by the last run.
    /// </summary>
    public static bool IsListening(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(address, port));
            return false;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }

    /// <summary>A port free on <paramref name="address"/> right now (the kernel's choice).</summary>
    public static int FreePort(IPAddress address)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
