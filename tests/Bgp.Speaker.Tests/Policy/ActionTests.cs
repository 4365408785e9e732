using System.Net;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Speaker.Policy;
using Xunit;
using static Bgp.Speaker.Tests.Policy.PolicyTestKit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>One test per action: "actions X then accept" on every route.</summary>
public sealed class ActionTests
{
    private static PolicyResult Run(string actions, PolicyRoute route)
    {
        PolicyResult result = Rules($$"""[ { "actions": { {{actions}} }, "then": "accept" } ]""").Evaluate(route);
        Assert.True(result.IsAccepted);
        return result;
    }

    [Fact]
    public void SetLocalPref_ReplacesLocalPref() =>
        Assert.Equal(300u, Run("\"setLocalPref\": 300", Route("10.0.0.0/24", localPref: 100)).Attributes.LocalPref);

    [Fact]
    public void SetPriority_SetsLocalPrefTo2147483647Minus() =>
        Assert.Equal(2147483647u - 512, Run("\"setPriority\": 512", Route("10.0.0.0/24")).Attributes.LocalPref);

    [Fact]
    public void SetMed_SetsAndRemoves()
    {
        Assert.Equal(10u, Run("\"setMed\": 10", Route("10.0.0.0/24")).Attributes.MultiExitDisc);
        Assert.Null(Run("\"setMed\": \"remove\"", Route("10.0.0.0/24", med: 5)).Attributes.MultiExitDisc);
    }

    [Fact]
    public void SetNextHop_Address_ChangesNextHopAttributeAndResult()
    {
        PolicyResult result = Run("\"setNextHop\": \"198.51.100.7\"", Route("10.0.0.0/24"));
        Assert.Equal(MpNextHop.FromIPAddress(IPAddress.Parse("198.51.100.7")), result.NextHop);
        Assert.Equal(0xC6336407u, result.Attributes.NextHop);
        Assert.False(result.NextHopSelf);
    }

    [Fact]
    public void SetNextHop_Self_MarksTheResultOnly()
    {
        PolicyRoute route = Route("10.0.0.0/24");
        PolicyResult result = Run("\"setNextHop\": \"self\"", route);
        Assert.True(result.NextHopSelf);
        Assert.Same(route.Attributes, result.Attributes);
    }

    [Fact]
    public void AddCommunities_AppendsMissingValuesOnly()
    {
        PolicyResult result = Run("\"addCommunities\": [\"64512:100\", \"no-export\"]", Route("10.0.0.0/24", communities: [Community(64512, 100)]));
        Assert.Equal([Community(64512, 100), (uint)WellKnownCommunity.NoExport], result.Attributes.Communities);
    }

    [Fact]
    public void RemoveCommunities_DeletesValuesAndPatterns()
    {
        PolicyResult result = Run(
            "\"removeCommunities\": [\"64512:*\", \"no-export\"]",
            Route("10.0.0.0/24", communities: [Community(64512, 1), Community(65000, 1), (uint)WellKnownCommunity.NoExport, Community(64512, 2)]));
        Assert.Equal([Community(65000, 1)], result.Attributes.Communities);
    }

    [Fact]
    public void SetCommunities_ReplacesTheList() =>
        Assert.Equal([Community(1, 2)], Run("\"setCommunities\": [\"1:2\"]", Route("10.0.0.0/24", communities: [Community(64512, 1)])).Attributes.Communities);

    [Fact]
    public void StripCommunities_RemovesEveryStandardCommunity() =>
        Assert.Empty(Run("\"stripCommunities\": true", Route("10.0.0.0/24", communities: [Community(64512, 1), 0xFFFFFF01])).Attributes.Communities);

    [Fact]
    public void LargeCommunities_AddRemoveSet()
    {
        PolicyRoute route = Route("10.0.0.0/24", large: [new LargeCommunity(64512, 1, 1), new LargeCommunity(65000, 2, 2)]);
        Assert.Equal(
            [new LargeCommunity(64512, 1, 1), new LargeCommunity(65000, 2, 2), new LargeCommunity(64512, 9, 9)],
            Run("\"addLargeCommunities\": \"64512:9:9\"", route).Attributes.LargeCommunities);
        Assert.Equal([new LargeCommunity(65000, 2, 2)], Run("\"removeLargeCommunities\": \"64512:*:*\"", route).Attributes.LargeCommunities);
        Assert.Equal([new LargeCommunity(1, 2, 3)], Run("\"setLargeCommunities\": [\"1:2:3\"]", route).Attributes.LargeCommunities);
    }

    [Fact]
    public void PrependAsPath_PutsTheListedOrderFirst() =>
        Assert.Equal("65010 65011 65000", Run("\"prependAsPath\": [65010, 65011]", Route("10.0.0.0/24", asPath: [65000])).Attributes.AsPath!.ToString());

    [Fact]
    public void PrependAs_RepeatsOneAsTimes() =>
        Assert.Equal("65010 65010 65010 65000", Run("\"prependAs\": {\"asn\": 65010, \"times\": 3}", Route("10.0.0.0/24", asPath: [65000])).Attributes.AsPath!.ToString());

    [Fact]
    public void PrependAs_Local_UsesTheSessionsLocalAs() =>
        Assert.Equal("64512 64512 65000", Run("\"prependAs\": {\"asn\": \"local\", \"times\": 2}", Route("10.0.0.0/24", asPath: [65000])).Attributes.AsPath!.ToString());

    [Fact]
    public void PrependAs_BeforeAnAsSet_StartsANewSequence()
    {
        PolicyRoute route = Route("10.0.0.0/24");
        route = route with { Attributes = new PathAttributes { AsPath = new AsPath([new AsPathSegment(AsPathSegmentType.AsSet, [1u, 2u])]) } };
        Assert.Equal("65010 {1 2}", Run("\"prependAsPath\": 65010", route).Attributes.AsPath!.ToString());
    }

    [Fact]
    public void PrependAs_Over255_SplitsSegments()
    {
        AsPath path = Run("\"prependAs\": {\"asn\": 65010, \"times\": 255}", Route("10.0.0.0/24", asPath: [65000])).Attributes.AsPath!;
        Assert.Equal([255, 1], path.Segments.Select(s => s.Asns.Count));
        Assert.Equal(256, path.PathLength);
    }

    [Fact]
    public void Actions_ThatChangeNothing_KeepTheSameAttributesObject()
    {
        PolicyRoute route = Route("10.0.0.0/24", communities: [Community(64512, 100)], localPref: 100);
        PolicyResult result = Run("\"setLocalPref\": 100, \"addCommunities\": \"64512:100\", \"removeCommunities\": \"1:1\"", route);
        Assert.Same(route.Attributes, result.Attributes);
    }

    [Fact]
    public void Actions_KeepEveryOtherAttribute()
    {
        PolicyRoute route = Route("10.0.0.0/24", asPath: [65000, 65001], communities: [Community(1, 1)], med: 7);
        PathAttributes after = Run("\"setLocalPref\": 300", route).Attributes;
        Assert.Equal(route.Attributes.AsPath, after.AsPath);
        Assert.Equal(route.Attributes.Communities, after.Communities);
        Assert.Equal(route.Attributes.NextHop, after.NextHop);
        Assert.Equal(route.Attributes.Origin, after.Origin);
        Assert.Equal(7u, after.MultiExitDisc);
    }

    [Fact]
    public void Reject_KeepsTheInputAttributes()
    {
        PolicyRoute route = Route("10.0.0.0/24");
        PolicyResult result = Rules("""[ { "actions": { "setLocalPref": 5 }, "then": "next" } ]""").Evaluate(route);
        Assert.False(result.IsAccepted);
        Assert.Same(route.Attributes, result.Attributes);
    }
}
