using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Transport;

/// <summary>A <c>dynamicPeers</c> range's password: one TCP_MD5SIG_EXT prefix key on the listening socket.</summary>
public sealed class Md5PrefixKeyTests
{
    private const int FlagsOffset = 128;
    private const int PrefixLengthOffset = 129;
    private const int KeyLengthOffset = 130;

    [Fact]
    public void PrefixSig_SetsThePrefixFlagAndLength_OnTheIpv4MappedBase()
    {
        byte[] value = LinuxSocketOptions.EncodeMd5PrefixSig(AddressFamily.InterNetworkV6, IPNetwork.Parse("10.0.0.0/16"), "key");

        Assert.Equal(IPAddress.Parse("::ffff:10.0.0.0").GetAddressBytes(), value[8..24]);
        Assert.Equal(1, value[FlagsOffset]);          // TCP_MD5SIG_FLAG_PREFIX
        Assert.Equal(16, value[PrefixLengthOffset]);  // the IPv4 length, as the kernel wants for a mapped address
        Assert.Equal(3, value[KeyLengthOffset]);
    }

    [Fact]
    public void PrefixSig_ForIpv6_KeepsTheIpv6Length()
    {
        byte[] value = LinuxSocketOptions.EncodeMd5PrefixSig(AddressFamily.InterNetworkV6, IPNetwork.Parse("2001:db8::/64"), null);

        Assert.Equal(64, value[PrefixLengthOffset]);
        Assert.Equal(0, value[KeyLengthOffset]);
    }

    /// <summary>
    /// The kernel proof: with the range's key on the listener, a client in the range that signs
    /// with the same key is accepted, and one that does not sign never completes its handshake.
    /// </summary>
    [LinuxSocketFact]
    public async Task Listener_WithARangeKey_AcceptsSignedClientsOfTheRange_AndNotUnsignedOnes()
    {
        var block = new byte[] { 127, (byte)(64 + Random.Shared.Next(128)), (byte)Random.Shared.Next(256), 0 };
        IPAddress Host(byte host) => new([block[0], block[1], block[2], host]);
        var accepted = new List<IPAddress>();
        await using BgpListener listener = BgpListener.Start(new ListenOptions { Address = Host(1), Port = 0 }, address =>
        {
            lock (accepted)
            {
                accepted.Add(address);
            }

            return null;
        }, NullLogger.Instance);
        var range = new DynamicPeerRange
        {
            Name = "nodes",
            Prefix = new IPNetwork(Host(8), 29),
            Template = new PeerOptions { Name = "nodes", Address = Host(8), RemoteAs = 64512, Password = "range-secret" },
        };
        listener.UpdateDynamicRanges([range]);

        using (var signed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            signed.Bind(new IPEndPoint(Host(9), 0));
            LinuxSocketOptions.SetMd5Key(signed, Host(1), "range-secret");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await signed.ConnectAsync(listener.LocalEndPoint, timeout.Token);
        }

        using (var unsigned = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            unsigned.Bind(new IPEndPoint(Host(10), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await unsigned.ConnectAsync(listener.LocalEndPoint, timeout.Token));
        }

        // Removing the range removes its key: the unsigned client gets through.
        listener.UpdateDynamicRanges([]);
        using (var after = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            after.Bind(new IPEndPoint(Host(11), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await after.ConnectAsync(listener.LocalEndPoint, timeout.Token);
        }

        await WaitUntilAsync(() =>
        {
            lock (accepted)
            {
                return accepted.Count >= 2;
            }
        });
        lock (accepted)
        {
            Assert.Equal([Host(9), Host(11)], accepted);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), limit.Token);
        }
    }
}
