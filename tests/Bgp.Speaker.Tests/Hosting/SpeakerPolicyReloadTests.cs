using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Routing;
using Bgp.Speaker.Tests.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using static Bgp.Speaker.Tests.Routing.RoutingTestKit;

namespace Bgp.Speaker.Tests.Hosting;

using Speaker = Bgp.Speaker.Hosting.Speaker;

/// <summary>
/// Issue 4 through the host: <see cref="Speaker.ApplyAsync"/> with a policy-only change keeps every
/// session, hands the sessions their new options (status and diagnostics show what is in force),
/// and the routing engine behind it changes exactly the routes the new policies say.
/// </summary>
public sealed class SpeakerPolicyReloadTests
{
    private static readonly string[] Prefixes = ["10.1.0.0/24", "10.2.0.0/24", "10.3.0.0/24"];

    private readonly FakeSessionFactory _sessions = new();

    [Fact]
    public async Task Apply_ImportAndExportPolicyChange_ReevaluatesTheRoutes_KeepsTheSessions_AndTheirOptionsAreCurrent()
    {
        var before = Config(srcImport: "\"all\"", dstExport: "\"all\"", rejectPrefix: "10.2.0.0/24");
        await using var speaker = new Speaker(before, _sessions.Create, null, NullLogger<Speaker>.Instance,
            new RoutingEngine(before, TimeProvider.System, NullLogger.Instance));
        await speaker.StartAsync();
        var src = new FakePeer(speaker.Routing, "src", Negotiated(65001, "10.0.0.2"));
        var dst = new FakePeer(speaker.Routing, "dst", Negotiated(LocalAs, "10.0.0.3"));
        src.Up();
        dst.Up();
        src.Send(Announce(Ipv4Attributes(Ipv4("10.0.0.2"), 65001), Prefixes));
        await speaker.Routing.WhenProcessedAsync();
        Assert.Equal(Prefixes, Held(await speaker.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        var (srcSession, dstSession) = (Session("src"), Session("dst"));

        // src imports through "filter" (soft reconfiguration: applied at once), dst exports through it.
        await speaker.ApplyAsync(Config(srcImport: "[\"filter\"]", dstExport: "[\"filter\"]", rejectPrefix: "10.2.0.0/24"));
        await speaker.Routing.WhenProcessedAsync();

        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24"], Held(await speaker.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        Assert.Equal(["10.1.0.0/24", "10.3.0.0/24"], dst.Table().Keys.Select(k => k.Prefix.ToString()).Order());
        Assert.Empty(src.Received().OfType<RouteRefreshMessage>());
        Assert.Same(srcSession, speaker.FindSession("src"));
        Assert.Same(dstSession, speaker.FindSession("dst"));
        Assert.Empty(srcSession.Stops);
        Assert.Empty(dstSession.Stops);
        Assert.Equal(["filter"], speaker.FindSession("src")!.Options.ImportPolicy);
        Assert.Equal(["filter"], speaker.FindSession("dst")!.Options.ExportPolicy);
        Assert.Single(srcSession.OptionUpdates);

        // The policy redefined under the same name: 10.3.0.0/24 goes instead of 10.2.0.0/24, on both sides.
        await speaker.ApplyAsync(Config(srcImport: "[\"filter\"]", dstExport: "[\"filter\"]", rejectPrefix: "10.3.0.0/24"));
        await speaker.Routing.WhenProcessedAsync();

        Assert.Equal(["10.1.0.0/24", "10.2.0.0/24"], Held(await speaker.GetRoutesAsync(AddressFamily.Ipv4Unicast)));
        Assert.Equal(["10.1.0.0/24", "10.2.0.0/24"], dst.Table().Keys.Select(k => k.Prefix.ToString()).Order());
        Assert.Empty(srcSession.Stops);
        Assert.Single(srcSession.OptionUpdates); // the names did not change: nothing to hand over
        Assert.Equal(1, srcSession.StartCount);
    }

    private static SpeakerOptions Config(string srcImport, string dstExport, string rejectPrefix) => ConfigLoader.Parse(
        $$"""
        {
          "localAs": 65000, "routerId": "10.0.0.1",
          "policies": { "all": { "default": "accept", "rules": [] }, "filter": { "default": "accept", "rules": [ { "match": { "prefix": "{{rejectPrefix}}", "prefixMatch": "equal" }, "then": "reject" } ] } },
          "peers": [
            { "name": "src", "address": "10.0.0.2", "remoteAs": 65001, "softReconfigurationInbound": true, "importPolicy": {{srcImport}} },
            { "name": "dst", "address": "10.0.0.3", "remoteAs": 65000, "exportPolicy": {{dstExport}} }
          ]
        }
        """, "reload.json");

    private static string[] Held(IEnumerable<RouteSnapshot> routes) => [.. routes.Select(r => r.Prefix.ToString()).Order()];

    private FakePeerSession Session(string name) => _sessions.Created.Last(session => session.Options.Name == name);
}
