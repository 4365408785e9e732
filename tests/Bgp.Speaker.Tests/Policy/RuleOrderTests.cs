using Bgp.Speaker.Policy;
using Bgp.Testing;
using Xunit;
using static Bgp.Speaker.Tests.Policy.PolicyTestKit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>First match wins; next continues with the edits; defaults; chains of policies.</summary>
public sealed class RuleOrderTests
{
    [Fact]
    public void FirstMatchingRule_Decides()
    {
        PolicyChain chain = Rules("""
            [ { "match": { "prefix": "10.1.0.0/16" }, "then": "reject" },
              { "match": { "prefix": "10.0.0.0/8" }, "then": "accept" } ]
            """, "accept");
        PolicyResult inner = chain.Evaluate(Route("10.1.2.0/24"));
        Assert.False(inner.IsAccepted);
        Assert.Equal(0, inner.RuleIndex);
        PolicyResult outer = chain.Evaluate(Route("10.2.0.0/24"));
        Assert.True(outer.IsAccepted);
        Assert.Equal(1, outer.RuleIndex);
    }

    [Fact]
    public void RuleWithoutMatch_AlwaysApplies() =>
        Assert.False(Rules("""[ { "then": "reject" }, { "then": "accept" } ]""", "accept").Evaluate(Route("10.0.0.0/24")).IsAccepted);

    [Fact]
    public void NextRule_AppliesActionsAndContinues_LaterConditionsSeeTheEdits()
    {
        PolicyChain chain = Rules("""
            [ { "match": { "prefix": "10.0.0.0/8" }, "actions": { "addCommunities": "64512:7" }, "then": "next" },
              { "match": { "community": "64512:7" }, "actions": { "setLocalPref": 250 }, "then": "accept" } ]
            """);
        PolicyResult result = chain.Evaluate(Route("10.0.0.0/24"));
        Assert.True(result.IsAccepted);
        Assert.Equal(250u, result.Attributes.LocalPref);
        Assert.Equal([Community(64512, 7)], result.Attributes.Communities);
        Assert.False(chain.Evaluate(Route("192.168.0.0/24")).IsAccepted);
    }

    [Theory]
    [InlineData("accept", true)]
    [InlineData("reject", false)]
    public void NoRuleMatches_PolicyDefaultDecides(string @default, bool expected)
    {
        PolicyResult result = Rules("""[ { "match": { "prefix": "10.0.0.0/8" }, "then": "reject" } ]""", @default).Evaluate(Route("192.168.0.0/24"));
        Assert.Equal(expected, result.IsAccepted);
        Assert.Equal(-1, result.RuleIndex);
        Assert.Equal("p", result.DecidedBy!.Name);
    }

    [Fact]
    public void Chain_NextDefaultFallsThroughToTheFollowingPolicy()
    {
        PolicyChain chain = Chain("""
            {
              "filter": { "rules": [ { "match": { "prefix": "10.1.0.0/16" }, "then": "reject" } ] },
              "base": { "default": "reject", "rules": [ { "match": { "prefix": "10.0.0.0/8" }, "then": "accept" } ] }
            }
            """, "filter", "base");
        Assert.False(chain.Evaluate(Route("10.1.0.0/24")).IsAccepted);
        Assert.Equal("filter", chain.Evaluate(Route("10.1.0.0/24")).DecidedBy!.Name);
        Assert.True(chain.Evaluate(Route("10.2.0.0/24")).IsAccepted);
        Assert.Equal("base", chain.Evaluate(Route("10.2.0.0/24")).DecidedBy!.Name);
        Assert.False(chain.Evaluate(Route("192.168.0.0/24")).IsAccepted);
    }

    [Fact]
    public void Chain_AcceptInAnEarlierPolicy_EndsTheWholeChain()
    {
        PolicyChain chain = Chain("""
            {
              "first": { "rules": [ { "match": { "prefix": "192.168.0.0/16" }, "then": "accept" } ] },
              "second": { "default": "reject", "rules": [] }
            }
            """, "first", "second");
        Assert.True(chain.Evaluate(Route("192.168.1.0/24")).IsAccepted);
    }

    [Fact]
    public void Chain_EveryPolicySaysNext_Rejects()
    {
        PolicyChain chain = Chain("""{ "a": { "rules": [ { "actions": { "setMed": 1 }, "then": "next" } ] } }""", "a");
        PolicyResult result = chain.Evaluate(Route("10.0.0.0/24"));
        Assert.False(result.IsAccepted);
        Assert.Null(result.DecidedBy);
    }

    [Fact]
    public void EmptyChain_AcceptsUnchanged()
    {
        PolicyRoute route = Route("10.0.0.0/24");
        PolicyResult result = PolicyChain.AcceptAll.Evaluate(route);
        Assert.True(result.IsAccepted);
        Assert.Same(route.Attributes, result.Attributes);
    }

    [Fact]
    public void Evaluate_AcceptUnchanged_AllocatesNothing()
    {
        PolicyChain chain = Rules("""
            [ { "match": { "prefix": "10.0.0.0/8{26,32}", "peerType": "ibgp" }, "then": "reject" },
              { "match": { "community": "no-export", "asPath": { "length": { "max": 5 } } }, "then": "reject" },
              { "match": { "prefix": ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "198.18.0.0/15", "203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24", "169.254.0.0/16"] },
                "actions": { "addCommunities": "64512:1" }, "then": "accept" } ]
            """);
        PolicyRoute route = Route("10.1.2.0/24", communities: [Community(64512, 1)]);
        chain.Evaluate(route);
        long allocated = AllocationProbe.FewestBytes(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                chain.Evaluate(route);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Same(route.Attributes, chain.Evaluate(route).Attributes);
    }

    [Fact]
    public void PolicyEvaluation_IsPure_SameInputSameOutput()
    {
        PolicyChain chain = Rules("""[ { "actions": { "addCommunities": "1:1", "prependAsPath": 65009 }, "then": "accept" } ]""");
        PolicyRoute route = Route("10.0.0.0/24");
        Assert.Equal(chain.Evaluate(route).Attributes, chain.Evaluate(route).Attributes);
        Assert.Empty(route.Attributes.Communities);
    }
}
