using System.Globalization;
using Bgp.Protocol.Attributes;
using Bgp.Speaker.Policy.Conditions;

namespace Bgp.Speaker.Policy.Config;

/// <summary>Parses the community notations of the <c>policies</c> section.</summary>
internal static class CommunityText
{
    private const uint HighMask = 0xFFFF0000;
    private const uint LowMask = 0x0000FFFF;
    private const int HalfBits = 16;

    /// <summary>Extended community type octets (RFC 4360 §3.1, §4; RFC 5668 §2).</summary>
    private const byte TwoOctetAsType = 0x00;
    private const byte FourOctetAsType = 0x02;
    private const byte RouteTargetSubtype = 0x02;
    private const byte RouteOriginSubtype = 0x03;

    /// <summary>"64512:100", a well-known name, or with <paramref name="allowWildcard"/> "64512:*".</summary>
    public static bool TryParseStandard(string text, bool allowWildcard, out CommunityPattern pattern)
    {
        pattern = default;
        if (PolicyNames.WellKnownCommunities.TryGetValue(text, out Protocol.Iana.WellKnownCommunity known))
        {
            pattern = new CommunityPattern((uint)known, CommunityPattern.Exact);
            return true;
        }

        string[] parts = text.Split(':');
        if (parts.Length != 2)
        {
            return false;
        }

        uint value = 0, mask = 0;
        for (int i = 0; i < 2; i++)
        {
            int shift = i == 0 ? HalfBits : 0;
            if (parts[i] == "*" && allowWildcard)
            {
                continue;
            }

            if (!ushort.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out ushort half))
            {
                return false;
            }

            value |= (uint)half << shift;
            mask |= (i == 0 ? HighMask : LowMask);
        }

        pattern = new CommunityPattern(value, mask);
        return true;
    }

    /// <summary>"64512:1:2" (RFC 8092 §3), or with <paramref name="allowWildcard"/> "*" in any field.</summary>
    public static bool TryParseLarge(string text, bool allowWildcard, out LargeCommunityPattern pattern)
    {
        pattern = default;
        string[] parts = text.Split(':');
        if (parts.Length != 3)
        {
            return false;
        }

        var values = new uint[3];
        var any = new bool[3];
        for (int i = 0; i < 3; i++)
        {
            if (parts[i] == "*" && allowWildcard)
            {
                any[i] = true;
            }
            else if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        pattern = new LargeCommunityPattern(new LargeCommunity(values[0], values[1], values[2]), any[0], any[1], any[2]);
        return true;
    }

    /// <summary>"rt:ASN:value", "soo:ASN:value" (RFC 4360 §4, RFC 5668 for 4-octet ASNs) or "0x" + 16 hex digits.</summary>
    public static bool TryParseExtended(string text, out ulong value)
    {
        value = 0;
        const int HexDigits = 16;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return text.Length == 2 + HexDigits && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        string[] parts = text.Split(':');
        if (parts.Length != 3 || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out uint asn) ||
            !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out uint local))
        {
            return false;
        }

        byte subtype;
        switch (parts[0].ToLowerInvariant())
        {
            case "rt":
                subtype = RouteTargetSubtype;
                break;
            case "soo":
                subtype = RouteOriginSubtype;
                break;
            default:
                return false;
        }

        if (asn <= ushort.MaxValue)
        {
            // Two-octet AS specific: type, subtype, 2-octet AS, 4-octet local administrator.
            value = ((ulong)TwoOctetAsType << 56) | ((ulong)subtype << 48) | ((ulong)asn << 32) | local;
            return true;
        }

        if (local > ushort.MaxValue)
        {
            return false;
        }

        // Four-octet AS specific: type, subtype, 4-octet AS, 2-octet local administrator.
        value = ((ulong)FourOctetAsType << 56) | ((ulong)subtype << 48) | ((ulong)asn << 16) | local;
        return true;
    }
}
