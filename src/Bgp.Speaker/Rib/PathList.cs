namespace Bgp.Speaker.Rib;

/// <summary>The paths of one <see cref="Destination"/>, in arrival order, without allocating.</summary>
public readonly struct PathList
{
    private readonly Destination _destination;

    internal PathList(Destination destination)
    {
        _destination = destination;
    }

    public int Count => _destination.PathCount;

    public RibPath this[int index] => _destination.PathAt(index);

    public Enumerator GetEnumerator() => new(_destination);

    /// <summary>Enumerates a snapshot-free view: do not modify the RIB while enumerating.</summary>
    public struct Enumerator
    {
        private readonly Destination _destination;
        private int _index;

        internal Enumerator(Destination destination)
        {
            _destination = destination;
            _index = -1;
        }

        public readonly RibPath Current => _destination.PathAt(_index);

        public bool MoveNext() => ++_index < _destination.PathCount;
    }
}
