namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// A standard community (RFC 1997) or a pattern with <c>*</c> for either half, e.g.
/// <c>64512:*</c>: compares <c>community &amp; Mask</c> with <see cref="Value"/>.
/// </summary>
internal readonly record struct CommunityPattern(uint Value, uint Mask)
{
    public const uint Exact = uint.MaxValue;

    public bool IsExact => Mask == Exact;

    public bool Matches(uint community) => (community & Mask) == Value;

    public bool MatchesAny(ReadOnlySpan<uint> communities)
    {
        foreach (uint community in communities)
        {
            if ((community & Mask) == Value)
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString()
    {
        foreach ((string name, Protocol.Iana.WellKnownCommunity value) in PolicyNames.WellKnownCommunities)
        {
            if (IsExact && (uint)value == Value)
            {
                return name;
            }
        }

        string high = (Mask & 0xFFFF0000) == 0 ? "*" : (Value >> 16).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string low = (Mask & 0xFFFF) == 0 ? "*" : (Value & 0xFFFF).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{high}:{low}";
    }
}
