using Bgp.Protocol.Attributes;
using Bgp.RouteReflector;
using Xunit;

namespace Bgp.Speaker.Tests.Routing;

/// <summary>The pure RFC 4456 rules of <c>Bgp.RouteReflector</c>.</summary>
public sealed class ReflectionRulesTests
{
    [Theory]
    // RFC 4456 §6: from a client to non-clients and (unless turned off) to clients; from a non-client to clients only.
    [InlineData(true, true, true, true)]
    [InlineData(true, true, false, false)]
    [InlineData(true, false, true, true)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, true, true)]
    [InlineData(false, true, false, true)]
    [InlineData(false, false, true, false)]
    [InlineData(false, false, false, false)]
    public void MayReflect_FollowsRfc4456Section6(bool fromClient, bool toClient, bool clientToClient, bool expected) =>
        Assert.Equal(expected, ReflectionRules.MayReflect(fromClient, toClient, clientToClient));

    [Fact]
    public void FindLoop_OriginatorIdIsOurs_OrClusterListHoldsOurCluster()
    {
        var ours = new ClusterId(7);
        Assert.Equal(ReflectionLoop.OriginatorId, ReflectionRules.FindLoop(new PathAttributes { OriginatorId = 1 }, 1, ours));
        Assert.Equal(ReflectionLoop.ClusterList, ReflectionRules.FindLoop(new PathAttributes { OriginatorId = 2, ClusterList = [5, 7] }, 1, ours));
        Assert.Equal(ReflectionLoop.None, ReflectionRules.FindLoop(new PathAttributes { OriginatorId = 2, ClusterList = [5, 6] }, 1, ours));

        // Not a reflector: the cluster list is not ours to check.
        Assert.Equal(ReflectionLoop.None, ReflectionRules.FindLoop(new PathAttributes { ClusterList = [7] }, 1, null));
    }

    [Fact]
    public void PrependCluster_CreatesOrPrepends()
    {
        Assert.Equal([9u], ReflectionRules.PrependCluster([], new ClusterId(9)));
        Assert.Equal([9u, 5u, 6u], ReflectionRules.PrependCluster([5, 6], new ClusterId(9)));
    }

    [Fact]
    public void WithOriginator_SetsOnlyWhenAbsent_AndChangesNothingElse()
    {
        var attributes = new PathAttributes { NextHop = 3, LocalPref = 200, Communities = [1], ClusterList = [4] };
        var marked = ReflectionRules.WithOriginator(attributes, 42);

        Assert.Equal(new PathAttributes { NextHop = 3, LocalPref = 200, Communities = [1], ClusterList = [4], OriginatorId = 42 }, marked);
        Assert.Same(marked, ReflectionRules.WithOriginator(marked, 43));
    }

    [Theory]
    [InlineData("10.0.0.1", 0x0A000001u, "10.0.0.1")]
    [InlineData("167772161", 167772161u, "10.0.0.1")]
    [InlineData("0", 0u, "0.0.0.0")]
    public void ClusterId_ParsesAddressOrInteger_PrintsDottedQuad(string text, uint value, string printed)
    {
        var id = ClusterId.Parse(text);
        Assert.Equal(value, id.Value);
        Assert.Equal(printed, id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2001:db8::1")]
    [InlineData("4294967296")]
    [InlineData("10.0.0")]
    public void ClusterId_RejectsOtherText(string text) => Assert.False(ClusterId.TryParse(text, out _));
}
