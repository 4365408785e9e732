using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Transport;

namespace Bgp.Speaker.Demo;

/// <summary>
/// The demo's checks before it starts: can each loopback address be bound, is the reflector's port
/// free, which port is free.
/// </summary>
internal static class DemoSockets
{
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
    /// True when something already listens on <paramref name="address"/>:<paramref name="port"/>,
    /// so the demo can say which port to change before it starts. Bound as a bgpd listener binds
    /// (SO_REUSEADDR alone): refused only while a socket listens there, not for connections left in
    /// TIME_WAIT by the last run.
    /// </summary>
    public static bool IsListening(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            LinuxSocketOptions.SetReuseAddressOnly(socket);
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
