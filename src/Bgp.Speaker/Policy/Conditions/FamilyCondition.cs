using Bgp.Protocol.Iana;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary><c>"family": "ipv4" | "ipv6"</c>: the route's address family.</summary>
internal sealed class FamilyCondition(Afi afi) : PolicyCondition
{
    public override bool Matches(in PolicyRoute route, ref PolicyState state) => route.Prefix.Afi == afi;

    public override string ToString() => $"\"family\": \"{(afi == Afi.Ipv4 ? "ipv4" : "ipv6")}\"";
}
