namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// <c>"peerType": "ibgp" | "ebgp"</c> (Calico BGPFilter <c>peerType</c>, the export chain's
/// <c>internal_peer</c>): the session this policy runs for is of that kind.
/// </summary>
internal sealed class SessionTypeCondition(SessionType type) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state) => route.Session == type;

    public override string ToString() => $"\"peerType\": \"{PolicyNames.Name(type)}\"";
}
