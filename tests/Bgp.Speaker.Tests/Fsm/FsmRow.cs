using Bgp.Speaker.Fsm;
using Xunit.Abstractions;

namespace Bgp.Speaker.Tests.Fsm;

/// <summary>
/// One row of the FSM table. It is a serializable type so each row is its own test case, and its
/// <see cref="ToString"/> is the behaviour name, which the test explorer shows in full (xunit
/// cuts string arguments at 50 characters).
/// </summary>
public sealed class FsmRow : IXunitSerializable
{
    public FsmRow()
    {
        Actions = string.Empty;
    }

    public FsmRow(SessionState state, FsmEvent fsmEvent, SessionState next, string actions)
    {
        State = state;
        Event = fsmEvent;
        Next = next;
        Actions = actions;
    }

    public SessionState State { get; private set; }

    public FsmEvent Event { get; private set; }

    public SessionState Next { get; private set; }

    /// <summary>The expected actions in <see cref="FsmText.Actions"/> form.</summary>
    public string Actions { get; private set; }

    public override string ToString() => FsmText.Behaviour(State, Event, Next, Actions);

    public void Deserialize(IXunitSerializationInfo info)
    {
        State = info.GetValue<SessionState>(nameof(State));
        Event = info.GetValue<FsmEvent>(nameof(Event));
        Next = info.GetValue<SessionState>(nameof(Next));
        Actions = info.GetValue<string>(nameof(Actions));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(State), State);
        info.AddValue(nameof(Event), Event);
        info.AddValue(nameof(Next), Next);
        info.AddValue(nameof(Actions), Actions);
    }
}
