using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy;

/// <summary>
/// The route as the actions have left it so far, passed by reference through one evaluation.
/// Conditions read the current values (a rule after a <c>next</c> rule sees its edits, as in
/// BIRD). Starts as views of the input's arrays; an action that changes a list replaces the array,
/// so nothing is allocated until something changes.
/// </summary>
internal struct PolicyState
{
    private readonly PathAttributes _original;

    public PolicyState(in PolicyRoute route)
    {
        _original = route.Attributes;
        LocalPref = _original.LocalPref;
        MultiExitDisc = _original.MultiExitDisc;
        AsPath = _original.AsPath;
        Communities = AsArray(_original.Communities);
        LargeCommunities = AsArray(_original.LargeCommunities);
        ExtendedCommunities = AsArray(_original.ExtendedCommunities);
        NextHop = route.NextHop;
    }

    public uint? LocalPref;
    public uint? MultiExitDisc;
    public AsPath? AsPath;
    public uint[] Communities;
    public LargeCommunity[] LargeCommunities;
    public ulong[] ExtendedCommunities;
    public MpNextHop? NextHop;
    public bool NextHopSelf;

    /// <summary>Some attribute differs from the input (set only by an action that really changed a value).</summary>
    public bool AttributesChanged;

    public bool NextHopChanged;

    /// <summary>A <c>setNextHop</c> address ran, even if it equals the route's own next hop: it is then explicit.</summary>
    public bool NextHopSet;

    public readonly PathAttributes Original => _original;

    /// <summary>The input's object when nothing changed; otherwise one new, immutable set.</summary>
    public readonly PathAttributes BuildAttributes()
    {
        if (!AttributesChanged && !NextHopChanged)
        {
            return _original;
        }

        MpReachNlri? reach = _original.MpReach;
        uint? nextHop = _original.NextHop;
        if (NextHopChanged && NextHop is { } hop)
        {
            if (!hop.IsIpv6 && nextHop is not null)
            {
                nextHop = (uint)hop.Global;
            }

            if (reach is not null && !reach.IsOpaque)
            {
                reach = new MpReachNlri(reach.Family, hop, reach.Nlri);
            }
        }

        return _original with
        {
            AsPath = AsPath,
            NextHop = nextHop,
            MultiExitDisc = MultiExitDisc,
            LocalPref = LocalPref,
            Communities = Communities,
            ExtendedCommunities = ExtendedCommunities,
            LargeCommunities = LargeCommunities,
            MpReach = reach,
        };
    }

    // PathAttributes hands out its own arrays behind IReadOnlyList; reading them as arrays avoids
    // an enumerator per condition. Nothing here ever writes into them.
    private static T[] AsArray<T>(IReadOnlyList<T> list) => list as T[] ?? [.. list];
}
