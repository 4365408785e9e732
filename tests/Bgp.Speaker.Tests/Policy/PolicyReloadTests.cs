using Bgp.Speaker.Configuration;
using Bgp.Speaker.Policy;
using Xunit;
using static Bgp.Speaker.Tests.Policy.PolicyTestKit;

namespace Bgp.Speaker.Tests.Policy;

/// <summary>A reload tells which peers' chains changed, so they get a route refresh, not a reset.</summary>
public sealed class PolicyReloadTests
{
    private const string Base = """{ "out": { "default": "reject", "rules": [ { "match": { "prefixSet": "pools" }, "then": "accept" } ] }, "in": { "default": "accept" } }""";

    private static SpeakerOptions Load(string policies, string sets = """{ "pools": ["10.244.0.0/16"] }""", string peer = """, "exportPolicy": "out", "importPolicy": "in" """) =>
        Config(policies, sets, peer);

    [Fact]
    public void SameText_SameFingerprint_NoChange()
    {
        SpeakerOptions a = Load(Base), b = Load(Base);
        Assert.Equal(a, b);
        Assert.Empty(PolicyReload.Changes(a, b));
        Assert.Equal(a.Policies.ExportChain(a.Peers[0]).Fingerprint, b.Policies.ExportChain(b.Peers[0]).Fingerprint);
    }

    [Fact]
    public void RuleChange_ChangesExportOnly_PeerOptionsStayEqualForTheSession()
    {
        SpeakerOptions a = Load(Base);
        SpeakerOptions b = Load(Base.Replace("\"then\": \"accept\"", "\"actions\": { \"setMed\": 5 }, \"then\": \"accept\"", StringComparison.Ordinal));
        Assert.NotEqual(a, b);
        Assert.Equal(a.Peers[0], b.Peers[0]);
        Assert.Equal([new PeerPolicyChange("rr", ImportChanged: false, ExportChanged: true)], PolicyReload.Changes(a, b));
    }

    [Fact]
    public void PrefixSetChange_ChangesThePeersThatUseIt()
    {
        SpeakerOptions a = Load(Base);
        SpeakerOptions b = Load(Base, """{ "pools": ["10.244.0.0/16", "10.245.0.0/16"] }""");
        Assert.NotEqual(a, b);
        Assert.Equal([new PeerPolicyChange("rr", false, true)], PolicyReload.Changes(a, b));
    }

    [Fact]
    public void PolicyNameChange_IsAChangeOfPeerOptions_ButNotOfTheSession()
    {
        SpeakerOptions a = Load(Base);
        SpeakerOptions b = Load(Base, peer: """, "exportPolicy": "out" """);
        Assert.NotEqual(a.Peers[0], b.Peers[0]);
        Assert.True(a.Peers[0].EqualsExceptPolicy(b.Peers[0]));
        Assert.Equal([new PeerPolicyChange("rr", true, false)], PolicyReload.Changes(a, b));
    }

    [Fact]
    public void UnusedPolicyChange_ChangesNoPeer()
    {
        SpeakerOptions a = Load(Base);
        SpeakerOptions b = Load(Base.Replace("}, \"in\"", "}, \"spare\": { \"default\": \"reject\" }, \"in\"", StringComparison.Ordinal));
        Assert.NotEqual(a, b);
        Assert.Empty(PolicyReload.Changes(a, b));
    }
}
