using System.Net;

namespace Bgp.Testing;

/// <summary>
/// Hands out addresses from a random 127.x.y.0/24 block, so concurrent test runs on one machine
/// never share an address:port. Linux accepts binds to any 127/8 address on lo without configuring it.
/// </summary>
public sealed class LoopbackAddresses
{
    private const byte FirstSecondOctet = 64;
    private const byte SecondOctetSpan = 128;
    private readonly byte _second;
    private readonly byte _third;
    private byte _next = 1;

    public LoopbackAddresses()
    {
        _second = (byte)(FirstSecondOctet + Random.Shared.Next(SecondOctetSpan));
        _third = (byte)Random.Shared.Next(byte.MaxValue + 1);
    }

    public IPAddress Next() => new([127, _second, _third, _next++]);

    /// <summary>A high port that is free on <paramref name="address"/> right now.</summary>
    public static int FreePort(IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
