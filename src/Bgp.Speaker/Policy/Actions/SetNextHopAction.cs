using Bgp.Protocol.Attributes;

namespace Bgp.Speaker.Policy.Actions;

/// <summary>
/// <c>"setNextHop": "192.0.2.1"</c> or <c>"self"</c>. An address replaces the next hop (NEXT_HOP
/// for IPv4 routes that carry one, MP_REACH_NLRI's otherwise); <c>self</c> only marks the result
/// (<see cref="PolicyResult.NextHopSelf"/>): the sender knows its own session address.
/// </summary>
internal sealed class SetNextHopAction(MpNextHop? address) : PolicyAction
{
    public override void Apply(in PolicyRoute route, ref PolicyState state)
    {
        if (address is not { } hop)
        {
            state.NextHopSelf = true;
            return;
        }

        state.NextHopSelf = false;
        state.NextHopSet = true;
        if (state.NextHop != hop)
        {
            state.NextHop = hop;
            state.NextHopChanged = true;
        }
    }

    public override string ToString() => address is { } hop ? $"\"setNextHop\": \"{hop}\"" : "\"setNextHop\": \"self\"";
}
