using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// RFC 4486 §4 maximum-prefix accounting for one session: the distinct (family, prefix, path id)
/// the peer currently announces. A set rather than a counter, because a re-announcement with new
/// attributes (an implicit withdraw, RFC 4271 §9) must not count twice and a withdrawal of an
/// unknown prefix must not count at all.
/// </summary>
internal sealed class PrefixLimit(int maximum)
{
    private readonly HashSet<(AddressFamily Family, NlriEntry Entry)> _announced = [];

    public int Maximum { get; } = maximum;

    public int Count => _announced.Count;

    public void Clear() => _announced.Clear();

    /// <summary>Applies an UPDATE; true when the limit is now exceeded, with the family that crossed it.</summary>
    public bool Apply(UpdateMessage update, out AddressFamily family)
    {
        family = AddressFamily.Ipv4Unicast;
        foreach (var entry in update.Withdrawn)
        {
            _announced.Remove((AddressFamily.Ipv4Unicast, entry));
        }

        if (update.Attributes.MpUnreach is { IsOpaque: false } unreach)
        {
            foreach (var entry in unreach.Withdrawn)
            {
                _announced.Remove((unreach.Family, entry));
            }
        }

        if (update.AdditionalMpUnreach is { IsOpaque: false } additional)
        {
            foreach (var entry in additional.Withdrawn)
            {
                _announced.Remove((additional.Family, entry));
            }
        }

        var exceeded = false;
        foreach (var entry in update.Nlri)
        {
            exceeded |= Add(AddressFamily.Ipv4Unicast, entry, ref family);
        }

        if (update.Attributes.MpReach is { IsOpaque: false } reach)
        {
            foreach (var entry in reach.Nlri)
            {
                exceeded |= Add(reach.Family, entry, ref family);
            }
        }

        return exceeded;
    }

    private bool Add(AddressFamily family, NlriEntry entry, ref AddressFamily crossed)
    {
        if (_announced.Add((family, entry)) && _announced.Count > Maximum)
        {
            crossed = family;
            return true;
        }

        return false;
    }
}
