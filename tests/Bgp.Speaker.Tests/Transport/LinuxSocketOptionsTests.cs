using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Transport;
using Xunit;

namespace Bgp.Speaker.Tests.Transport;

public sealed class LinuxSocketOptionsTests
{
    [Fact]
    public void Md5Sig_OnAnIpv4Socket_HoldsSockaddrInWithTheFamilyInHostOrder()
    {
        byte[] value = LinuxSocketOptions.EncodeMd5Sig(AddressFamily.InterNetwork, IPAddress.Parse("192.0.2.7"), "key");

        Assert.Equal(LinuxSocketOptions.Md5SigStructLength, value.Length);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(value)); // AF_INET
        Assert.Equal(new byte[] { 192, 0, 2, 7 }, value[4..8]);          // network order
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(130)));
        Assert.Equal("key"u8.ToArray(), value[136..139]);
    }

    [Fact]
    public void Md5Sig_ForAnIpv4PeerOnAnIpv6Socket_UsesTheIpv4MappedAddress()
    {
        byte[] value = LinuxSocketOptions.EncodeMd5Sig(AddressFamily.InterNetworkV6, IPAddress.Parse("192.0.2.7"), "key");

        Assert.Equal(10, BinaryPrimitives.ReadUInt16LittleEndian(value)); // AF_INET6
        Assert.Equal(IPAddress.Parse("::ffff:192.0.2.7").GetAddressBytes(), value[8..24]);
    }

    [Fact]
    public void Md5Sig_WithoutPassword_HasKeyLengthZero_WhichDeletesTheKey()
    {
        byte[] value = LinuxSocketOptions.EncodeMd5Sig(AddressFamily.InterNetworkV6, IPAddress.Parse("2001:db8::1"), null);

        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(130)));
        Assert.Equal(IPAddress.Parse("2001:db8::1").GetAddressBytes(), value[8..24]);
    }

    [Fact]
    public void Md5Sig_LongerThan80Bytes_IsRefused()
    {
        Assert.Throws<ArgumentException>(() =>
            LinuxSocketOptions.EncodeMd5Sig(AddressFamily.InterNetwork, IPAddress.Loopback, new string('k', 81)));
    }

    [Fact]
    public void SetMd5Key_OnAClosedSocket_ReportsTheErrnoAndOption()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Dispose();

        Assert.ThrowsAny<ObjectDisposedException>(() => LinuxSocketOptions.SetMd5Key(socket, IPAddress.Loopback, "k"));
    }

    [Fact]
    public void SocketOptionException_Message_NamesOptionErrnoAndHint()
    {
        var error = new SocketOptionException("TCP_MD5SIG", 1, "EPERM", "MD5 needs CAP_NET_ADMIN?");

        Assert.Equal("setsockopt TCP_MD5SIG failed: errno 1 (EPERM); MD5 needs CAP_NET_ADMIN?", error.Message);
    }

    [Theory]
    [InlineData(64512u, null, null, 1, null)]    // eBGP, directly connected
    [InlineData(64513u, null, null, null, null)] // iBGP: kernel default
    [InlineData(64512u, null, 5, 5, null)]       // eBGP multihop
    [InlineData(64512u, 1, null, 255, 255)]      // GTSM, directly connected (RFC 5082 §3)
    [InlineData(64513u, 3, null, 255, 253)]      // GTSM, three hops
    public void TtlSettings_FollowTheDocumentedRules(uint localAs, int? gtsmHops, int? multihop, int? expectedTtl, int? expectedMinimum)
    {
        var peer = new PeerOptions
        {
            Name = "p", Address = IPAddress.Loopback, RemoteAs = 64513, TtlSecurityHops = gtsmHops, MultihopTtl = multihop,
        };

        Assert.Equal(new TtlSettings(expectedTtl, expectedMinimum), TtlSettings.For(peer, localAs));
    }

    [Fact]
    public void TtlSettings_PerPeerLocalAs_DecidesEbgp()
    {
        var peer = new PeerOptions { Name = "p", Address = IPAddress.Loopback, RemoteAs = 64513, LocalAs = 64513 };

        Assert.Null(TtlSettings.For(peer, localAs: 64512).OutgoingTtl);
    }

    [Fact]
    public void Normalize_Ipv4MappedIpv6_BecomesIpv4()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.1"), SocketBgpConnector.Normalize(IPAddress.Parse("::ffff:10.0.0.1")));
        Assert.Equal(IPAddress.Parse("2001:db8::1"), SocketBgpConnector.Normalize(IPAddress.Parse("2001:db8::1")));
    }
}
