using Bgp.Speaker.Fsm;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>Renders FSM results in the compact text the table tests are written in.</summary>
internal static class FsmText
{
    /// <summary>The actions of a transition, space separated, e.g. "SendNotification(4/0) StopConnectRetryTimer".</summary>
    public static string Actions(in FsmTransition transition)
    {
        var actions = transition.Actions;
        var parts = new string[actions.Length];
        for (var i = 0; i < actions.Length; i++)
        {
            parts[i] = actions[i].ToString();
        }

        return string.Join(' ', parts);
    }

    /// <summary>
    /// A test-case name that says the behaviour: OpenSent_HoldTimerExpires_SendsNotification4_0_AndGoesIdle.
    /// </summary>
    public static string Behaviour(SessionState state, FsmEvent fsmEvent, SessionState next, string actions)
    {
        var prefix = $"{state}_{fsmEvent}";
        if (actions.Length == 0 && next == state)
        {
            return $"{prefix}_IsIgnored";
        }

        var notification = actions.Split(' ').FirstOrDefault(a => a.StartsWith("SendNotification(", StringComparison.Ordinal));
        var sends = notification is null
            ? string.Empty
            : "_SendsNotification" + notification["SendNotification(".Length..^1].Replace('/', '_');
        var moves = next == state ? $"_StaysIn{next}" : $"_GoesTo{next}";
        return $"{prefix}{sends}{(sends.Length > 0 ? "_And" : "_")}{moves.TrimStart('_')}";
    }
}
