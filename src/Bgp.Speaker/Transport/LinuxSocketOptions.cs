using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Bgp.Speaker.Transport;

/// <summary>
/// The Linux socket options BGP needs and .NET does not expose: TCP MD5 signatures (RFC 2385),
/// the outgoing TTL / hop limit, and the minimum incoming TTL for GTSM (RFC 5082). Each is one
/// <c>setsockopt(2)</c>; a failure throws with the errno and a hint at the usual cause.
/// </summary>
internal static class LinuxSocketOptions
{
    // <netinet/in.h>, <linux/tcp.h>, <linux/in6.h>
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;
    private const int IpProtoIp = 0;
    private const int IpProtoTcp = 6;
    private const int IpProtoIpv6 = 41;
    private const int IpTtl = 2;
    private const int IpMinTtl = 21;
    private const int Ipv6UnicastHops = 16;
    private const int Ipv6MinHopCount = 73;
    private const int TcpMd5Sig = 14;
    private const int TcpMd5SigExt = 32;
    private const byte TcpMd5SigFlagPrefix = 1;

    // <bits/socket.h>: the address family is in host byte order inside struct sockaddr.
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>struct tcp_md5sig: sockaddr_storage (128), flags (1), prefixlen (1), keylen (2), ifindex (4), key[80].</summary>
    internal const int Md5SigStructLength = 216;
    private const int Md5FlagsOffset = 128;
    private const int Md5PrefixLengthOffset = 129;
    private const int Md5KeyLengthOffset = 130;
    private const int Md5KeyOffset = 136;

    /// <summary>TCP_MD5SIG_MAXKEYLEN: the kernel refuses longer keys.</summary>
    public const int MaxMd5KeyLength = 80;

    /// <summary>The largest TTL / hop limit: what a GTSM sender uses (RFC 5082 §3).</summary>
    public const int MaxTtl = 255;

    private const int Errno_EPERM = 1;
    private const int Errno_ENOENT = 2;
    private const int Errno_EBADF = 9;
    private const int Errno_ENOMEM = 12;
    private const int Errno_EFAULT = 14;
    private const int Errno_EINVAL = 22;
    private const int Errno_ENOPROTOOPT = 92;
    private const int Errno_EOPNOTSUPP = 95;

    /// <summary>
    /// Installs (or with a null password removes) the RFC 2385 key for <paramref name="peer"/> on
    /// <paramref name="socket"/>. On a listening socket the key applies to connections from that
    /// address and is inherited by the sockets it accepts; it must be set before connect or listen.
    /// </summary>
    public static void SetMd5Key(Socket socket, IPAddress peer, string? password)
    {
        byte[] value = EncodeMd5Sig(socket.AddressFamily, peer, password);
        Set(socket, IpProtoTcp, TcpMd5Sig, value, "TCP_MD5SIG");
    }

    /// <summary>
    /// Installs (or with a null password removes) one RFC 2385 key for every address in
    /// <paramref name="prefix"/> on a listening socket (TCP_MD5SIG_EXT with TCP_MD5SIG_FLAG_PREFIX,
    /// Linux 4.13 and later): a <c>dynamicPeers</c> range's password. A longer prefix, such as a
    /// configured peer's own key, wins over it in the kernel's lookup.
    /// </summary>
    public static void SetMd5PrefixKey(Socket socket, IPNetwork prefix, string? password) =>
        Set(socket, IpProtoTcp, TcpMd5SigExt, EncodeMd5PrefixSig(socket.AddressFamily, prefix, password), "TCP_MD5SIG_EXT");

    /// <summary>
    /// struct tcp_md5sig for a prefix key. The length is the prefix's own: an IPv4 prefix on an
    /// IPv6 socket is written IPv4-mapped with its IPv4 length, as the kernel expects (at most 32).
    /// </summary>
    internal static byte[] EncodeMd5PrefixSig(System.Net.Sockets.AddressFamily socketFamily, IPNetwork prefix, string? password)
    {
        byte[] value = EncodeMd5Sig(socketFamily, prefix.BaseAddress, password);
        value[Md5FlagsOffset] = TcpMd5SigFlagPrefix;
        value[Md5PrefixLengthOffset] = (byte)prefix.PrefixLength;
        return value;
    }

    /// <summary>
    /// SO_REUSEADDR alone, so a restarted listener binds while its old connections sit in
    /// TIME_WAIT, yet a second listener on the same address and port still fails with
    /// "address in use". .NET's <see cref="SocketOptionName.ReuseAddress"/> also sets SO_REUSEPORT on
    /// Linux, and two SO_REUSEPORT listeners share a port silently, splitting its connections.
    /// Elsewhere the .NET option is used (it means SO_REUSEADDR there).
    /// </summary>
    public static void SetReuseAddressOnly(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (OperatingSystem.IsLinux())
        {
            Set(socket, SolSocket, SoReuseAddr, 1, "SO_REUSEADDR");
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
    }

    /// <summary>
    /// Sets the TTL (IPv4) or unicast hop limit (IPv6) of packets we send. <paramref name="peerFamily"/>
    /// is the peer's family: an IPv4 peer on a dual-mode IPv6 socket is reached over IPv4 and needs IP_TTL.
    /// </summary>
    public static void SetTtl(Socket socket, System.Net.Sockets.AddressFamily peerFamily, int ttl)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ttl, MaxTtl);
        if (peerFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            Set(socket, IpProtoIpv6, Ipv6UnicastHops, ttl, "IPV6_UNICAST_HOPS");
        }
        else
        {
            Set(socket, IpProtoIp, IpTtl, ttl, "IP_TTL");
        }
    }

    /// <summary>RFC 5082 §3: drop packets arriving with a TTL (hop limit) below <paramref name="minimum"/>.</summary>
    public static void SetMinimumTtl(Socket socket, System.Net.Sockets.AddressFamily peerFamily, int minimum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimum, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimum, MaxTtl);
        if (peerFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            Set(socket, IpProtoIpv6, Ipv6MinHopCount, minimum, "IPV6_MINHOPCOUNT");
        }
        else
        {
            Set(socket, IpProtoIp, IpMinTtl, minimum, "IP_MINTTL");
        }
    }

    /// <summary>
    /// Builds struct tcp_md5sig. The key's address has the socket's family: an IPv4 peer on an
    /// IPv6 socket is written as an IPv4-mapped IPv6 address, which the kernel files as an IPv4 key.
    /// </summary>
    internal static byte[] EncodeMd5Sig(System.Net.Sockets.AddressFamily socketFamily, IPAddress peer, string? password)
    {
        byte[] key = password is null ? [] : Encoding.UTF8.GetBytes(password);
        if (key.Length > MaxMd5KeyLength)
        {
            throw new ArgumentException($"an MD5 password is at most {MaxMd5KeyLength} bytes, got {key.Length}", nameof(password));
        }

        var value = new byte[Md5SigStructLength];
        Span<byte> address = value.AsSpan(0, Md5KeyLengthOffset);
        if (socketFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            // struct sockaddr_in6: family, port, flowinfo, addr[16] at offset 8, scope id.
            IPAddress v6 = peer.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? peer.MapToIPv6() : peer;
            BinaryPrimitives.WriteUInt16LittleEndian(address, AfInet6);
            v6.TryWriteBytes(address[8..], out _);
        }
        else
        {
            if (peer.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                throw new ArgumentException($"an IPv4 socket cannot hold an MD5 key for {peer}", nameof(peer));
            }

            // struct sockaddr_in: family, port, addr[4] at offset 4.
            BinaryPrimitives.WriteUInt16LittleEndian(address, AfInet);
            peer.TryWriteBytes(address[4..], out _);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(Md5KeyLengthOffset), (ushort)key.Length);
        key.CopyTo(value.AsSpan(Md5KeyOffset));
        return value;
    }

    private static void Set(Socket socket, int level, int name, int value, string optionName)
    {
        var bytes = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        Set(socket, level, name, bytes, optionName);
    }

    private static void Set(Socket socket, int level, int name, byte[] value, string optionName)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"{optionName} is only implemented for Linux");
        }

        bool added = false;
        socket.SafeHandle.DangerousAddRef(ref added);
        try
        {
            int fd = (int)socket.SafeHandle.DangerousGetHandle();
            if (NativeMethods.setsockopt(fd, level, name, value, value.Length) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new SocketOptionException(optionName, errno, ErrnoName(errno), Hint(errno, optionName));
            }
        }
        finally
        {
            if (added)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }
    }

    private static string ErrnoName(int errno) => errno switch
    {
        Errno_EPERM => "EPERM",
        Errno_ENOENT => "ENOENT",
        Errno_EBADF => "EBADF",
        Errno_ENOMEM => "ENOMEM",
        Errno_EFAULT => "EFAULT",
        Errno_EINVAL => "EINVAL",
        Errno_ENOPROTOOPT => "ENOPROTOOPT",
        Errno_EOPNOTSUPP => "EOPNOTSUPP",
        _ => "see errno(3)",
    };

    private static string Hint(int errno, string optionName) => errno switch
    {
        Errno_EPERM when optionName.StartsWith("TCP_MD5SIG", StringComparison.Ordinal) => "MD5 needs CAP_NET_ADMIN? run as root or grant the capability",
        Errno_EPERM => "not permitted for this process",
        Errno_ENOENT => "there was no such key to remove",
        Errno_EBADF => "the socket is already closed",
        Errno_ENOMEM => "the kernel is out of socket option memory (raise net.core.optmem_max)",
        Errno_EINVAL => "the kernel rejected the value or the address family",
        Errno_ENOPROTOOPT => "this kernel lacks the option (TCP MD5 needs CONFIG_TCP_MD5SIG)",
        Errno_EOPNOTSUPP => "not supported on this socket",
        _ => "unexpected",
    };

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA5392, SYSLIB1054, IDE1006 // the libc name; DllImport keeps SetLastError simple without unsafe code
        internal static extern int setsockopt(int socket, int level, int optionName, byte[] optionValue, int optionLength);
#pragma warning restore CA5392, SYSLIB1054, IDE1006
    }
}
