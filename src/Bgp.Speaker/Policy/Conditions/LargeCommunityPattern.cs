using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary>A large community (RFC 8092) or a pattern with <c>*</c> in any of its three fields.</summary>
internal readonly record struct LargeCommunityPattern(LargeCommunity Value, bool AnyGlobal, bool AnyData1, bool AnyData2)
{
    public bool IsExact => !AnyGlobal && !AnyData1 && !AnyData2;

    public bool Matches(LargeCommunity community) =>
        (AnyGlobal || community.GlobalAdministrator == Value.GlobalAdministrator) &&
        (AnyData1 || community.LocalData1 == Value.LocalData1) &&
        (AnyData2 || community.LocalData2 == Value.LocalData2);

    public bool MatchesAny(ReadOnlySpan<LargeCommunity> communities)
    {
        foreach (LargeCommunity community in communities)
        {
            if (Matches(community))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() =>
        $"{(AnyGlobal ? "*" : Value.GlobalAdministrator)}:{(AnyData1 ? "*" : Value.LocalData1)}:{(AnyData2 ? "*" : Value.LocalData2)}";
}
