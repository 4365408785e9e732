namespace Bgp.Protocol.Errors;

/// <summary>
/// How an UPDATE with an erroneous attribute is handled (RFC 7606 §2), ordered weakest to
/// strongest: when several errors are found in one UPDATE, the strongest action wins (RFC 7606 §3 j).
/// </summary>
public enum Rfc7606Action : byte
{
    None = 0,
    /// <summary>The attribute is dropped; the rest of the UPDATE is processed (RFC 7606 §2).</summary>
    AttributeDiscard = 1,
    /// <summary>Every NLRI in the UPDATE is handled as withdrawn (RFC 7606 §2).</summary>
    TreatAsWithdraw = 2,
    /// <summary>The AFI/SAFI is disabled on the session (RFC 4760 §7, RFC 7606 §2).</summary>
    AfiSafiDisable = 3,
    /// <summary>A NOTIFICATION is sent and the session is reset (RFC 4271 §6.3).</summary>
    SessionReset = 4,
}
