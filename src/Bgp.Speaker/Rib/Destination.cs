using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Rib;

/// <summary>
/// One prefix of the Loc-RIB with every path to it (RFC 4271 §3.2: the Adj-RIBs-In's routes for the
/// prefix are the paths here, tagged by source) and the best path of the last selection.
/// </summary>
/// <remarks>
/// Memory: 64 bytes on x64, plus the path storage: a single path is held directly (no array: a
/// reflector's typical prefix has one path), more in an array grown by half. Fields are mutated
/// only by <see cref="LocRib"/> on its writer task.
/// </remarks>
public sealed class Destination
{
    private const int FirstArrayCapacity = 2;

    // A RibPath when _count is 1, a RibPath[] when more (or when it shrank back), else null.
    private object? _paths;
    private int _count;
    private RibPath? _best;

    internal Destination(IpPrefix prefix)
    {
        Prefix = prefix;
    }

    public IpPrefix Prefix { get; }

    /// <summary>Every path, in arrival order (a replaced path keeps its slot).</summary>
    public PathList Paths => new(this);

    public int PathCount => _count;

    /// <summary>The best path as of the last <see cref="LocRib.DrainChanges"/>; null when there was none.</summary>
    public RibPath? Best => _best;

    internal DestinationState State { get; set; }

    internal void SetBest(RibPath? best) => _best = best;

    public RibPath PathAt(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"destination {Prefix} has {_count} paths");
        }

        return _paths is RibPath[] array ? array[index] : (RibPath)_paths!;
    }

    /// <summary>The slot of the path from <paramref name="source"/>'s peer with <paramref name="pathId"/>, or -1.</summary>
    internal int IndexOf(RouteSource source, uint pathId)
    {
        if (_paths is RibPath single)
        {
            return single.PathId == pathId && single.Source.SamePeer(source) ? 0 : -1;
        }

        if (_paths is RibPath[] array)
        {
            for (var i = 0; i < _count; i++)
            {
                var path = array[i];
                if (path.PathId == pathId && path.Source.SamePeer(source))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    internal void Add(RibPath path)
    {
        switch (_paths)
        {
            case null:
                _paths = path;
                break;
            case RibPath single:
                _paths = new RibPath[] { single, path, };
                break;
            case RibPath[] array:
                if (_count == array.Length)
                {
                    // Grow by half: 2, 3, 4, 6, 9, 13 ... keeps a 10-path destination at 13 slots.
                    var grown = new RibPath[Math.Max(FirstArrayCapacity, _count + (_count >> 1))];
                    Array.Copy(array, grown, _count);
                    _paths = array = grown;
                }

                array[_count] = path;
                break;
        }

        _count++;
    }

    internal void ReplaceAt(int index, RibPath path)
    {
        if (_paths is RibPath[] array)
        {
            array[index] = path;
        }
        else
        {
            _paths = path;
        }
    }

    internal void RemoveAt(int index)
    {
        if (_paths is RibPath[] array)
        {
            _count--;
            Array.Copy(array, index + 1, array, index, _count - index);
            array[_count] = null!;
            if (_count == 0)
            {
                _paths = null;
            }
        }
        else
        {
            _paths = null;
            _count = 0;
        }
    }

    public override string ToString() => $"{Prefix} ({_count} paths, best {_best?.Source.Name ?? "none"})";
}
