namespace Bgp.Speaker.Routing;

/// <summary>
/// The path identifiers we send with ADD-PATH (RFC 7911 §3): one per (source peer, the source's
/// own path id), the same for every prefix, so a path keeps its identifier while it lives and two
/// paths of one prefix never share one. Identifiers start at 1 and are never reused (a 32-bit
/// space outlives any number of peers and their path ids).
/// </summary>
internal sealed class PathIdAllocator
{
    private readonly Dictionary<(string Source, uint PathId), uint> _ids = [];
    private uint _next = 1;

    public uint Get(string source, uint receivedPathId)
    {
        if (!_ids.TryGetValue((source, receivedPathId), out var id))
        {
            id = _next++;
            _ids[(source, receivedPathId)] = id;
        }

        return id;
    }
}
