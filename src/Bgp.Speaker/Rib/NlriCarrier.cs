namespace Bgp.Speaker.Rib;

/// <summary>
/// Which part of an UPDATE carried the NLRI a set of attributes is interned for: it decides where
/// the next hop lives and what <see cref="AttributeInterner"/> strips.
/// </summary>
public enum NlriCarrier : byte
{
    /// <summary>The IPv4 NLRI field of the UPDATE: the next hop is NEXT_HOP (RFC 4271 §5.1.3).</summary>
    NlriField = 0,

    /// <summary>MP_REACH_NLRI: the next hop is the attribute's (RFC 4760 §3); NEXT_HOP is not used.</summary>
    MpReach = 1,
}
