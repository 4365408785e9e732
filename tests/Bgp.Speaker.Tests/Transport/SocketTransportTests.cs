using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Tests.Hosting;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Transport;

/// <summary>
/// Real sockets on loopback: our connector against our listener. The listener listens on
/// 127.0.0.1 (an ephemeral port); clients bind other 127.0.0.x source addresses, which is how the
/// listener tells the configured peers apart.
/// </summary>
public sealed class SocketTransportTests
{
    private static readonly IPAddress ListenAddress = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress PeerAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress StrangerAddress = IPAddress.Parse("127.0.0.3");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>TCP MD5 drops unsigned or wrongly signed segments silently; a refused connect is a timeout.</summary>
    private static readonly TimeSpan RefusedConnectTimeout = TimeSpan.FromSeconds(2);

    private const uint LocalAs = 64512;

    [Fact]
    public async Task Connect_OverLoopback_DataFlowsBothWays_AndRemoteCloseCompletesInput()
    {
        var server = new FakePeerSession(Peer(PeerAddress));
        await using BgpListener listener = StartListener(server);

        await using BgpTransportConnection client = await Connector().ConnectAsync(Dial(listener, PeerAddress), CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);

        Assert.Equal(PeerAddress, accepted.Remote.Address);
        Assert.Equal(ListenAddress, accepted.Local.Address);
        Assert.Equal(PeerAddress, client.Local.Address);

        await SendAsync(client.Pipe, [1, 2, 3]);
        Assert.Equal([1, 2, 3], await ReceiveAsync(accepted.Pipe, 3));
        await SendAsync(accepted.Pipe, [4, 5]);
        Assert.Equal([4, 5], await ReceiveAsync(client.Pipe, 2));

        await accepted.DisposeAsync();
        Assert.True(await ReadsEndAsync(client.Pipe.Input), "the client's input did not complete when the server closed");
    }

    [Fact]
    public async Task Close_AfterWrite_DeliversTheLastBytesBeforeTheEnd()
    {
        var server = new FakePeerSession(Peer(PeerAddress));
        await using BgpListener listener = StartListener(server);
        await using BgpTransportConnection client = await Connector().ConnectAsync(Dial(listener, PeerAddress), CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);

        // A session writes its NOTIFICATION and closes at once: the bytes must still arrive.
        await SendAsync(accepted.Pipe, [6, 2]);
        await accepted.DisposeAsync();

        Assert.Equal([6, 2], await ReceiveAsync(client.Pipe, 2));
        Assert.True(await ReadsEndAsync(client.Pipe.Input));
    }

    [Fact]
    public async Task Accept_FromAnUnknownAddress_ClosesAtOnce()
    {
        var server = new FakePeerSession(Peer(PeerAddress));
        await using BgpListener listener = StartListener(server);

        PeerOptions stranger = Dial(listener, StrangerAddress);
        await using BgpTransportConnection client = await Connector().ConnectAsync(stranger, CancellationToken.None);

        Assert.True(await ReadsEndAsync(client.Pipe.Input), "the listener kept a connection from an unconfigured address");
        Assert.False(server.FirstConnection.IsCompleted);
    }

    [Fact]
    public async Task Accept_RefusedBySession_IsClosed()
    {
        var server = new FakePeerSession(Peer(PeerAddress)) { AcceptConnections = false };
        await using BgpListener listener = StartListener(server);

        await using BgpTransportConnection client = await Connector().ConnectAsync(Dial(listener, PeerAddress), CancellationToken.None);

        Assert.True(await ReadsEndAsync(client.Pipe.Input));
    }

    [Fact]
    public async Task Listener_DualMode_MatchesIpv4PeersAsIpv4()
    {
        var server = new FakePeerSession(Peer(PeerAddress));
        await using BgpListener listener = BgpListener.Start(
            new ListenOptions { Address = IPAddress.IPv6Any, Port = 0 },
            address => address.Equals(PeerAddress) ? server : null,
            NullLogger.Instance);
        listener.UpdatePeers([server.Options], LocalAs);

        PeerOptions dial = Peer(ListenAddress) with { Port = listener.LocalEndPoint.Port, SourceAddress = PeerAddress };
        await using BgpTransportConnection client = await Connector().ConnectAsync(dial, CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);

        Assert.Equal(PeerAddress, accepted.Remote.Address);
        await accepted.DisposeAsync();
    }

    [LinuxSocketFact]
    public async Task Listener_SecondOnTheSameAddressAndPort_FailsWithAddressInUse()
    {
        var session = new FakePeerSession(Peer(PeerAddress));
        await using BgpListener first = StartListener(session);

        var error = Assert.Throws<SocketException>(() => BgpListener.Start(
            new ListenOptions { Address = ListenAddress, Port = first.LocalEndPoint.Port },
            _ => null,
            NullLogger.Instance));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
    }

    [Fact]
    public async Task Connect_ToAClosedPort_ThrowsSocketException()
    {
        int closedPort;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(ListenAddress, 0));
            closedPort = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        PeerOptions peer = Peer(ListenAddress) with { Port = closedPort };
        var error = await Assert.ThrowsAnyAsync<SocketException>(async () => await Connector().ConnectAsync(peer, CancellationToken.None));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [LinuxSocketFact]
    public async Task Md5_SamePasswordOnBothEnds_Connects()
    {
        var server = new FakePeerSession(Peer(PeerAddress) with { Password = "calico-s3cret" });
        await using BgpListener listener = StartListener(server);

        PeerOptions dial = Dial(listener, PeerAddress) with { Password = "calico-s3cret" };
        await using BgpTransportConnection client = await Connector().ConnectAsync(dial, CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);

        await SendAsync(client.Pipe, [1]);
        Assert.Equal([1], await ReceiveAsync(accepted.Pipe, 1));
        await accepted.DisposeAsync();
    }

    [LinuxSocketFact]
    public async Task Md5_DualModeListener_KeysAnIpv4PeerAsIpv4Mapped()
    {
        // The default listen address (::) with an IPv4 peer: the key is installed for ::ffff:a.b.c.d.
        var server = new FakePeerSession(Peer(PeerAddress) with { Password = "calico-s3cret" });
        await using BgpListener listener = BgpListener.Start(
            new ListenOptions { Address = IPAddress.IPv6Any, Port = 0 },
            address => address.Equals(PeerAddress) ? server : null,
            NullLogger.Instance);
        listener.UpdatePeers([server.Options], LocalAs);

        PeerOptions dial = Peer(ListenAddress) with { Port = listener.LocalEndPoint.Port, SourceAddress = PeerAddress, Password = "calico-s3cret" };
        await using BgpTransportConnection client = await Connector().ConnectAsync(dial, CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);
        await accepted.DisposeAsync();

        PeerOptions unsigned = dial with { Password = null };
        await Assert.ThrowsAnyAsync<SocketException>(
            async () => await Connector(RefusedConnectTimeout).ConnectAsync(unsigned, CancellationToken.None));
    }

    [LinuxSocketFact]
    public async Task Md5AndGtsm_OverIpv6Loopback_Connect()
    {
        var server = new FakePeerSession(Peer(IPAddress.IPv6Loopback) with { Password = "v6-key", TtlSecurityHops = 1 });
        await using BgpListener listener = BgpListener.Start(
            new ListenOptions { Address = IPAddress.IPv6Loopback, Port = 0 },
            address => address.Equals(IPAddress.IPv6Loopback) ? server : null,
            NullLogger.Instance);
        listener.UpdatePeers([server.Options], LocalAs);

        PeerOptions dial = Peer(IPAddress.IPv6Loopback) with { Port = listener.LocalEndPoint.Port, Password = "v6-key", TtlSecurityHops = 1 };
        await using BgpTransportConnection client = await Connector().ConnectAsync(dial, CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);

        await SendAsync(client.Pipe, [9]);
        Assert.Equal([9], await ReceiveAsync(accepted.Pipe, 1));
        await accepted.DisposeAsync();
    }

    [LinuxSocketFact]
    public async Task Md5_WrongPassword_NeverConnects()
    {
        var server = new FakePeerSession(Peer(PeerAddress) with { Password = "calico-s3cret" });
        await using BgpListener listener = StartListener(server);

        PeerOptions dial = Dial(listener, PeerAddress) with { Password = "wrong" };
        var error = await Assert.ThrowsAnyAsync<SocketException>(
            async () => await Connector(RefusedConnectTimeout).ConnectAsync(dial, CancellationToken.None));

        Assert.Equal(SocketError.TimedOut, error.SocketErrorCode);
        Assert.False(server.FirstConnection.IsCompleted);
    }

    [LinuxSocketFact]
    public async Task Md5_NoPasswordAgainstAKeyedListener_NeverConnects()
    {
        var server = new FakePeerSession(Peer(PeerAddress) with { Password = "calico-s3cret" });
        await using BgpListener listener = StartListener(server);

        await Assert.ThrowsAnyAsync<SocketException>(
            async () => await Connector(RefusedConnectTimeout).ConnectAsync(Dial(listener, PeerAddress), CancellationToken.None));
        Assert.False(server.FirstConnection.IsCompleted);
    }

    [LinuxSocketFact]
    public async Task Md5_KeyRemovedOnReload_AcceptsUnsignedConnections()
    {
        var server = new FakePeerSession(Peer(PeerAddress) with { Password = "calico-s3cret" });
        await using BgpListener listener = StartListener(server);
        listener.UpdatePeers([Peer(PeerAddress)], LocalAs);

        await using BgpTransportConnection client = await Connector().ConnectAsync(Dial(listener, PeerAddress), CancellationToken.None);
        await server.FirstConnection.WaitAsync(Patience);
    }

    [LinuxSocketFact]
    public async Task Gtsm_ListenerRequiringTtl255_AcceptsATtl255Client()
    {
        var server = new FakePeerSession(Peer(PeerAddress) with { TtlSecurityHops = 1 });
        await using BgpListener listener = StartListener(server);

        PeerOptions dial = Dial(listener, PeerAddress) with { TtlSecurityHops = 1 };
        await using BgpTransportConnection client = await Connector().ConnectAsync(dial, CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);

        await SendAsync(client.Pipe, [7]);
        Assert.Equal([7], await ReceiveAsync(accepted.Pipe, 1));
        await accepted.DisposeAsync();
    }

    [LinuxSocketFact]
    public async Task Gtsm_ListenerRequiringTtl255_DropsSegmentsSentWithTtl64()
    {
        var server = new FakePeerSession(Peer(PeerAddress) with { TtlSecurityHops = 1 });
        await using BgpListener listener = StartListener(server);

        // The handshake completes before the accepted socket gets IP_MINTTL; every later segment
        // with TTL 64 < 255 is dropped (RFC 5082 §3), so the data never arrives.
        PeerOptions dial = Dial(listener, PeerAddress) with { MultihopTtl = 64 };
        await using BgpTransportConnection client = await Connector().ConnectAsync(dial, CancellationToken.None);
        BgpTransportConnection accepted = await server.FirstConnection.WaitAsync(Patience);
        await SendAsync(client.Pipe, [7]);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await accepted.Pipe.Input.ReadAsync(wait.Token));
        await accepted.DisposeAsync();
    }

    private static PeerOptions Peer(IPAddress address) =>
        new() { Name = $"peer-{address}", Address = address, RemoteAs = 64513 };

    /// <summary>The client's view: dial the listener from <paramref name="source"/>.</summary>
    private static PeerOptions Dial(BgpListener listener, IPAddress source) =>
        Peer(ListenAddress) with { Port = listener.LocalEndPoint.Port, SourceAddress = source };

    private static SocketBgpConnector Connector(TimeSpan? timeout = null) => new(LocalAs, timeout ?? Patience);

    private static BgpListener StartListener(FakePeerSession session)
    {
        BgpListener listener = BgpListener.Start(
            new ListenOptions { Address = ListenAddress, Port = 0 },
            address => address.Equals(session.Options.Address) ? session : null,
            NullLogger.Instance);
        listener.UpdatePeers([session.Options], LocalAs);
        return listener;
    }

    private static async Task SendAsync(IDuplexPipe pipe, byte[] bytes)
    {
        await pipe.Output.WriteAsync(bytes);
    }

    private static async Task<byte[]> ReceiveAsync(IDuplexPipe pipe, int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            ReadResult result = await pipe.Input.ReadAsync(timeout.Token);
            if (result.Buffer.Length >= count || result.IsCompleted)
            {
                byte[] bytes = result.Buffer.Slice(0, Math.Min(count, result.Buffer.Length)).ToArray();
                pipe.Input.AdvanceTo(result.Buffer.GetPosition(bytes.Length));
                return bytes;
            }

            pipe.Input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>True when the input ends (FIN or reset) within the patience window.</summary>
    private static async Task<bool> ReadsEndAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                ReadResult result = await input.ReadAsync(timeout.Token);
                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true; // reset
        }
    }
}
