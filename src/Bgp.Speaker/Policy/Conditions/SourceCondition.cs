namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"source": "bgp" | "local" | "kernel"</c> (a list means any; <c>"remote-peers"</c> is Calico's
/// <c>source: RemotePeers</c>, the same as <c>bgp</c>): where the route came from.
/// </summary>
internal sealed class SourceCondition(IEnumerable<RouteSourceKind> sources) : PolicyCondition
{
    private readonly int _mask = sources.Aggregate(0, (mask, source) => mask | (1 << (int)source));

    public override bool Matches(in PolicyRoute route, ref PolicyState state) => (_mask & (1 << (int)route.Source)) != 0;

    public override string ToString()
    {
        var names = Enum.GetValues<RouteSourceKind>().Where(s => (_mask & (1 << (int)s)) != 0).Select(s => $"\"{PolicyNames.Name(s)}\"");
        return $"\"source\": [{string.Join(", ", names)}]";
    }
}
