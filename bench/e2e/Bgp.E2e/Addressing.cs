using System.Net;

namespace Bgp.E2e;

/// <summary>
/// Who is where in one run: the reflector, the monitor and the testers each on their own loopback
/// address (reflectors key clients by address), and the prefixes each tester owns. Prefix k
/// (0 ≤ k &lt; P×M) is the /24 <c>(FirstPrefixBlock + k) &lt;&lt; 8</c> and belongs to tester k / M,
/// whose NEXT_HOP is <c>NextHopBase + tester + 1</c> (198.18.0.0/15, RFC 2544 benchmarking space:
/// not 127/8, which GoBGP refuses, and covered by BIRD's static blackhole).
/// </summary>
internal sealed class Addressing
{
    /// <summary>20.0.0.0 as a /24 index: the first announced prefix.</summary>
    public const uint FirstPrefixBlock = 20u << 16;

    /// <summary>The most prefixes a run can announce: up to 127.255.255.0/24 would reach loopback.</summary>
    public const int MaxPrefixes = (int)((100u << 16) - FirstPrefixBlock);

    public const int PrefixLength = 24;

    private const int PrefixShift = 8;

    /// <summary>198.18.0.0: next hops are allocated from here.</summary>
    public const uint NextHopBase = (198u << 24) | (18u << 16);

    /// <summary>The blackhole BIRD resolves next hops through.</summary>
    public const string NextHopRange = "198.18.0.0/15";

    public const int NextHopRangeLength = 15;

    public const string ClusterId = "1.1.1.1";

    public const uint LocalAs = 64512;

    /// <summary>Tester addresses per third octet (127.1.x.1 .. 127.1.x.250).</summary>
    private const int TestersPerBlock = 250;

    private const int TesterSecondOctet = 1;

    public Addressing(int testers, int prefixesPerTester)
    {
        if (testers < 1 || prefixesPerTester < 1 || (long)testers * prefixesPerTester > MaxPrefixes)
        {
            throw new ArgumentException($"{testers} × {prefixesPerTester} prefixes: at most {MaxPrefixes} in all");
        }

        Testers = testers;
        PrefixesPerTester = prefixesPerTester;
    }

    public int Testers { get; }

    public int PrefixesPerTester { get; }

    public int TotalPrefixes => Testers * PrefixesPerTester;

    public static IPAddress Reflector { get; } = IPAddress.Parse("127.0.0.1");

    public static IPAddress Monitor { get; } = IPAddress.Parse("127.0.2.1");

    public static uint ClusterIdValue => ToUInt(IPAddress.Parse(ClusterId));

    public static IPAddress Tester(int index) =>
        new(new byte[] { 127, TesterSecondOctet, (byte)(index / TestersPerBlock), (byte)(index % TestersPerBlock + 1) });

    public IEnumerable<IPAddress> Clients => Enumerable.Range(0, Testers).Select(Tester).Append(Monitor);

    /// <summary>Every tester's ORIGINATOR_ID (its address), by tester index.</summary>
    public uint[] Originators => Enumerable.Range(0, Testers).Select(t => ToUInt(Tester(t))).ToArray();

    public static uint NextHop(int tester) => NextHopBase + (uint)tester + 1;

    public static uint PrefixAddress(int index) => (FirstPrefixBlock + (uint)index) << PrefixShift;

    /// <summary>The prefix index of a /24, or -1 when it is not one of ours.</summary>
    public int IndexOf(uint address, int length)
    {
        if (length != PrefixLength)
        {
            return -1;
        }

        var block = address >> PrefixShift;
        var index = (long)block - FirstPrefixBlock;
        return index >= 0 && index < TotalPrefixes ? (int)index : -1;
    }

    public int OwnerOf(int index) => index / PrefixesPerTester;

    public static uint ToUInt(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
    }

    public static string ToText(uint address) => new IPAddress(new[]
    {
        (byte)(address >> 24), (byte)(address >> 16), (byte)(address >> 8), (byte)address,
    }).ToString();
}
