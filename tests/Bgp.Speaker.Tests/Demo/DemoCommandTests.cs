using System.Net;
using System.Net.Sockets;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Demo;
using Bgp.Speaker.Fsm;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Bgp.Speaker.Tests.Demo;

/// <summary>
/// The README's main command: the demo lab over real TCP on loopback, run through its command-line
/// entry with <c>--once</c>. Each test moves the lab to its own random 127.x.y.0/24 (second octet
/// 192..254, outside Bgp.Testing's LoopbackAddresses range) and a free port, so it cannot collide
/// with other tests or with a demo the developer left running.
/// </summary>
public sealed class DemoCommandTests
{
    private const string Cluster = "244.0.0.1";

    [Fact]
    public async Task Once_OnAFreePort_EveryNodeHoldsEveryOtherNodesBlocks_ThroughTheReflector()
    {
        const int nodes = 4;
        IPAddress reflector = RandomReflectorAddress();
        var output = new StringWriter();
        var errors = new StringWriter();

        DemoResult result = await DemoCommand.RunAsync(
            ["--once", "--address", reflector.ToString(), "--port", "0", "--nodes", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            output, errors, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.True(result.ExitCode == DemoCommand.Succeeded, $"exit {result.ExitCode}\n{errors}\n{output}");
        DemoSnapshot lab = Assert.IsType<DemoSnapshot>(result.Converged);

        // What Calico IPAM would hand out: node k gets the k-th /26 of 192.168.0.0/16 and the k-th /122 of fd00::/48.
        var expected = Enumerable.Range(1, nodes).Select(k => new
        {
            Name = $"node-{k}",
            Address = Offset(reflector, 9 + k),
            Ipv4Block = IpPrefix.Parse($"192.168.{(k - 1) / 4}.{(k - 1) % 4 * 64}/26"),
            Ipv6Block = IpPrefix.Parse($"fd00::{(k - 1) * 64:x}/122"),
        }).ToList();

        foreach (var node in expected)
        {
            var view = lab.Speaker(node.Name);
            Assert.Equal(node.Address, view.RouterId);
            var routes = view.Routes.Select(DemoRoute.From).ToList();
            Assert.Equal(2 * nodes, routes.Count);
            foreach (IpPrefix own in new[] { node.Ipv4Block, node.Ipv6Block })
            {
                Assert.Equal("local", Assert.Single(routes, route => route.Prefix == own).Source);
            }

            foreach (var origin in expected.Where(other => other.Name != node.Name))
            {
                foreach ((IpPrefix block, IPAddress nextHop) in new[] { (origin.Ipv4Block, origin.Address), (origin.Ipv6Block, origin.Address.MapToIPv6()) })
                {
                    DemoRoute route = Assert.Single(routes, route => route.Prefix == block);
                    Assert.True(route.IsBest);
                    Assert.Equal("rr", route.Source);
                    Assert.Equal(nextHop, route.NextHop);
                    Assert.Equal(origin.Address, route.OriginatorId);
                    Assert.Equal([IPAddress.Parse(Cluster)], route.ClusterList);
                }
            }
        }

        // The reflector holds each block once, from its node, with the node as next hop; its cluster is added on the way out.
        var held = lab.Reflector.Routes.Select(DemoRoute.From).ToList();
        Assert.Equal(2 * nodes, held.Count);
        foreach (var node in expected)
        {
            DemoRoute ipv4 = Assert.Single(held, route => route.Prefix == node.Ipv4Block);
            Assert.Equal((node.Name, node.Address), (ipv4.Source, ipv4.NextHop));
            Assert.Empty(ipv4.ClusterList);
            Assert.Equal(node.Name, Assert.Single(held, route => route.Prefix == node.Ipv6Block).Source);
        }

        // The output names every session, Established, and shows a reflected route with its attributes.
        string text = output.ToString();
        foreach (var node in expected)
        {
            Assert.Matches($@"(?m)^\s+rr\s+{node.Name}\s+{Regex(node.Address)}\s+{Regex(node.Address)}\s+Established\s", text);
            Assert.Matches($@"(?m)^\s+{node.Name}\s+rr\s+{Regex(reflector)}\s+{Regex(reflector)}\s+Established\s", text);
        }

        Assert.Matches($@"(?m)^\s+{Regex(expected[0].Ipv4Block)}\s+{Regex(expected[0].Address)}\s+rr\s+{Regex(expected[0].Address)}\s+{Regex(Cluster)}\s*$", text);
        Assert.Matches(@"Converged [0-9.]+ m?s after start", text);
        Assert.Contains("Cease 6/2", text, StringComparison.Ordinal);
        Assert.All(lab.Speakers.SelectMany(view => view.Peers), peer => Assert.Equal(SessionState.Established, peer.State));
    }

    /// <param name="reuseAddress">
    /// Whether the process on the port set ReuseAddress as bgpd's own listener does (which on Linux also
    /// means SO_REUSEPORT: a second listener with it would bind without an error).
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PortInUse_ExitsWithStartFailed_AndSaysWhatToDo(bool reuseAddress)
    {
        IPAddress reflector = RandomReflectorAddress();
        using var squatter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        squatter.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, reuseAddress);
        squatter.Bind(new IPEndPoint(reflector, 0));
        squatter.Listen();
        int port = ((IPEndPoint)squatter.LocalEndPoint!).Port;
        var errors = new StringWriter();

        DemoResult result = await DemoCommand.RunAsync(
            ["--once", "--address", reflector.ToString(), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new StringWriter(), errors, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.Equal(DemoCommand.StartFailed, result.ExitCode);
        Assert.Null(result.Converged);
        Assert.Contains($"{reflector}:{port} is already in use", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--port 0", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotConvergedWithinTimeout_ExitsWith3_AndSaysWhatIsMissing()
    {
        // One millisecond: the first look almost always happens before any session can have
        // exchanged OPENs. On a starved machine the first look can come after the lab converged,
        // which is then rightly reported as converged (exit 0): such a run says nothing about the
        // timeout, so it is tried again (bounded). A broken timeout path fails every attempt.
        const int Attempts = 5;
        DemoResult? result = null;
        StringWriter errors = new();
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            errors = new StringWriter();
            result = await DemoCommand.RunAsync(
                ["--once", "--address", RandomReflectorAddress().ToString(), "--port", "0", "--timeout", "0.001"],
                new StringWriter(), errors, NullLoggerFactory.Instance, CancellationToken.None);
            if (result.ExitCode != DemoCommand.Succeeded)
            {
                break;
            }
        }

        Assert.NotNull(result);
        Assert.Equal(DemoCommand.NotConverged, result.ExitCode);
        Assert.Null(result.Converged);
        Assert.Contains("did not converge within", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--timeout", errors.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nodes", "0")]
    [InlineData("--nodes", "17")]
    [InlineData("--port", "70000")]
    [InlineData("--address", "10.0.0.1")]
    [InlineData("--timeout", "-1")]
    [InlineData("--frobnicate", "1")]
    public async Task BadArgument_IsAUsageError(string name, string value)
    {
        var errors = new StringWriter();
        DemoResult result = await DemoCommand.RunAsync([name, value], new StringWriter(), errors, NullLoggerFactory.Instance, CancellationToken.None);

        Assert.Equal(DemoCommand.UsageError, result.ExitCode);
        Assert.StartsWith("bgpd demo: ", errors.ToString(), StringComparison.Ordinal);
    }

    private static IPAddress RandomReflectorAddress() =>
        new([127, (byte)Random.Shared.Next(192, 255), (byte)Random.Shared.Next(0, 256), 1]);

    private static IPAddress Offset(IPAddress address, int by)
    {
        byte[] bytes = address.GetAddressBytes();
        bytes[3] += (byte)by;
        return new IPAddress(bytes);
    }

    private static string Regex(object value) => System.Text.RegularExpressions.Regex.Escape(value.ToString()!);
}
