using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// Collects the RFC 7606 outcome of one UPDATE: the strongest action (RFC 7606 §3 h), the
/// NOTIFICATION subcode and data of the first error with that action, and log lines.
/// </summary>
internal sealed class AttributeDecodeReport
{
    public Rfc7606Action Action { get; private set; }

    public UpdateMessageErrorSubcode Subcode { get; private set; }

    public byte[] Data { get; private set; } = [];

    public List<string> Errors { get; } = [];

    /// <summary>The strongest error that is not attribute discard, kept for the RFC 7606 §5.2 escalation.</summary>
    public (UpdateMessageErrorSubcode Subcode, byte[] Data)? FirstNonDiscard { get; private set; }

    public void Add(Rfc7606Action action, UpdateMessageErrorSubcode subcode, ReadOnlySpan<byte> data, string description)
    {
        Errors.Add($"{action}: {description}");
        if (action > Rfc7606Action.AttributeDiscard && FirstNonDiscard is null)
        {
            FirstNonDiscard = (subcode, data.ToArray());
        }

        // RFC 7606 §3 h: the strongest action wins; the first error of that strength names it.
        if (action > Action)
        {
            Action = action;
            Subcode = subcode;
            Data = data.ToArray();
        }
    }

    /// <summary>RFC 7606 §5.2: escalate to session reset, keeping the error that caused it.</summary>
    public void EscalateToSessionReset(string why)
    {
        Errors.Add($"{Rfc7606Action.SessionReset}: {why}");
        if (FirstNonDiscard is { } first)
        {
            Subcode = first.Subcode;
            Data = first.Data;
        }

        Action = Rfc7606Action.SessionReset;
    }
}
