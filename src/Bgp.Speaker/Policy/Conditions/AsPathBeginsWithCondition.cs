using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"asPath": {"beginsWith": [a, b]}</c> (Calico <c>asPathPrefix</c>, BIRD <c>[= a b * =]</c>):
/// the path's leading AS_SEQUENCE numbers are exactly these, in order. An AS_SET or confederation
/// segment ends the comparable run.
/// </summary>
internal sealed class AsPathBeginsWithCondition(IEnumerable<uint> asns) : PolicyCondition
{
    private readonly uint[] _asns = [.. asns];

    public override bool Matches(in PolicyRoute route, ref PolicyState state)
    {
        AsPath? path = state.AsPath;
        if (_asns.Length == 0)
        {
            return true;
        }

        if (path is null)
        {
            return false;
        }

        int matched = 0;
        IReadOnlyList<AsPathSegment> segments = path.Segments;
        for (int s = 0; s < segments.Count; s++)
        {
            AsPathSegment segment = segments[s];
            if (segment.Type != AsPathSegmentType.AsSequence)
            {
                return false;
            }

            IReadOnlyList<uint> numbers = segment.Asns;
            for (int i = 0; i < numbers.Count; i++)
            {
                if (numbers[i] != _asns[matched])
                {
                    return false;
                }

                if (++matched == _asns.Length)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public override string ToString() => $"\"asPath\": {{\"beginsWith\": [{string.Join(", ", _asns)}]}}";
}
