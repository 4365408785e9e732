using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Speaker.Routing;
using Bgp.Testing;

namespace Bgp.Interop.Tests.Routing;

/// <summary>Polls our speaker's Loc-RIB (<c>Speaker.GetRoutesAsync</c>) and renders its attributes as the daemons print them.</summary>
internal static class SpeakerRib
{
    private const int CommunityValueBits = 16;

    public static async Task<IReadOnlyList<RouteSnapshot>> RoutesAsync(SpeakerUnderTest speaker, string prefix, string? source = null) =>
        [.. (await speaker.Speaker.GetRoutesAsync(RouteExpectations.FamilyOf(prefix))).Where(r =>
            r.Prefix.ToString() == prefix && (source is null || r.Source == source))];

    /// <summary>Waits until at least <paramref name="paths"/> paths for <paramref name="prefix"/> match <paramref name="condition"/>.</summary>
    public static async Task<IReadOnlyList<RouteSnapshot>> WaitAsync(SpeakerUnderTest speaker, string prefix,
        Func<RouteSnapshot, bool>? condition = null, int paths = 1, string? source = null)
    {
        IReadOnlyList<RouteSnapshot> found = [];
        await ExternalCommand.WaitUntilAsync(async () =>
            {
                found = [.. (await RoutesAsync(speaker, prefix, source)).Where(condition ?? (_ => true))];
                return found.Count >= paths;
            }, RouteExpectations.RouteTimeout, $"our RIB to hold {paths} matching path(s) for {prefix}",
            async () => Dump(await speaker.Speaker.GetRoutesAsync(RouteExpectations.FamilyOf(prefix))) + "\n" + speaker.Loggers.Tail());
        return found;
    }

    public static Task WaitGoneAsync(SpeakerUnderTest speaker, string prefix, string? source = null) =>
        ExternalCommand.WaitUntilAsync(async () => (await RoutesAsync(speaker, prefix, source)).Count == 0,
            RouteExpectations.RouteTimeout, $"our RIB to drop {prefix}",
            async () => Dump(await speaker.Speaker.GetRoutesAsync(RouteExpectations.FamilyOf(prefix))));

    public static string Dump(IEnumerable<RouteSnapshot> routes) => string.Join('\n', routes);

    public static string[] Communities(PathAttributes attributes) =>
        [.. attributes.Communities.Select(c => $"{c >> CommunityValueBits}:{c & ushort.MaxValue}")];

    public static string[] LargeCommunities(PathAttributes attributes) =>
        [.. attributes.LargeCommunities.Select(c => $"{c.GlobalAdministrator}:{c.LocalData1}:{c.LocalData2}")];

    public static uint[] AsPath(PathAttributes attributes) =>
        attributes.AsPath is null ? [] : [.. attributes.AsPath.Segments.SelectMany(s => s.Asns)];

    public static AddressFamily Family(string prefix) => RouteExpectations.FamilyOf(prefix);
}
