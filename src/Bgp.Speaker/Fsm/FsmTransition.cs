using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Bgp.Speaker.Fsm;

/// <summary>
/// The result of one FSM step: the next state and the ordered actions that lead there. The
/// actions live inline in the struct, so a step allocates nothing.
/// </summary>
public struct FsmTransition
{
    /// <summary>Inline capacity: the longest arm as implemented here has eight actions (Event 20 in Connect).</summary>
    public const int MaxActions = 10;

    private ActionBuffer _actions;
    private int _count;

    internal FsmTransition(SessionState current)
    {
        NextState = current;
    }

    public SessionState NextState { get; private set; }

    public readonly int Count => _count;

    /// <summary>The actions in the order the session must execute them.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<FsmAction> Actions => ((ReadOnlySpan<FsmAction>)_actions)[.._count];

    public readonly FsmAction[] ToArray() => Actions.ToArray();

    public override readonly string ToString()
    {
        var parts = new string[_count];
        for (var i = 0; i < _count; i++)
        {
            parts[i] = _actions[i].ToString();
        }

        return $"-> {NextState}: {string.Join(' ', parts)}";
    }

    internal void Add(FsmActionKind kind) => Add(FsmAction.Of(kind));

    internal void Add(FsmAction action)
    {
        if (_count == MaxActions)
        {
            throw new InvalidOperationException($"An FSM arm produced more than {MaxActions} actions.");
        }

        _actions[_count++] = action;
    }

    internal void MoveTo(SessionState next) => NextState = next;

    [InlineArray(MaxActions)]
    private struct ActionBuffer
    {
        private FsmAction _element0;
    }
}
