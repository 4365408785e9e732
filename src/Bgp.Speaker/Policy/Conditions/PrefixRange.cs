using System.Globalization;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// A prefix with a length range, BIRD's <c>10.0.0.0/8{24,32}</c>: matches a route inside the
/// prefix whose length is between <see cref="MinLength"/> and <see cref="MaxLength"/>. A bare
/// prefix in <c>in</c> mode means <c>{len, max}</c> (the prefix and everything inside it); in
/// <c>equal</c> mode <c>{len, len}</c>.
/// </summary>
internal readonly struct PrefixRange : IEquatable<PrefixRange>
{
    public PrefixRange(IpPrefix prefix, int minLength, int maxLength)
    {
        if (minLength < prefix.Length || maxLength < minLength || maxLength > prefix.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(minLength), $"{{{minLength},{maxLength}}} must satisfy {prefix.Length} <= min <= max <= {prefix.MaxLength}");
        }

        Prefix = prefix;
        MinLength = (byte)minLength;
        MaxLength = (byte)maxLength;
        _mask = Mask(prefix.Afi, prefix.Length);
    }

    // Precomputed: a 128-bit variable shift per comparison costs more than the compare itself.
    private readonly UInt128 _mask;

    public IpPrefix Prefix { get; }

    public byte MinLength { get; }

    public byte MaxLength { get; }

    public bool Matches(IpPrefix route)
    {
        if (route.Afi != Prefix.Afi || route.Length < MinLength || route.Length > MaxLength)
        {
            return false;
        }

        return (route.AddressBits & _mask) == Prefix.AddressBits;
    }

    /// <summary>The network mask of a prefix length, aligned like <see cref="IpPrefix.AddressBits"/>.</summary>
    internal static UInt128 Mask(Afi afi, int length)
    {
        int bits = afi == Afi.Ipv4 ? 32 : 128;
        if (length == 0)
        {
            return UInt128.Zero;
        }

        UInt128 ones = bits == 128 ? UInt128.MaxValue : uint.MaxValue;
        return (ones << (bits - length)) & ones;
    }

    /// <summary>"10.0.0.0/8", "10.0.0.0/8{24,32}" or "2001:db8::/32{48,64}".</summary>
    public static bool TryParse(string text, bool exactByDefault, out PrefixRange range, out string problem)
    {
        range = default;
        string prefixText = text;
        int? min = null, max = null;
        int brace = text.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0)
        {
            prefixText = text[..brace];
            string inner = text[(brace + 1)..];
            string[] parts = inner.EndsWith('}') ? inner[..^1].Split(',') : [];
            if (parts.Length != 2 ||
                !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int lo) ||
                !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int hi))
            {
                problem = $"'{text}' has a bad length range: write prefix{{min,max}}, e.g. 10.0.0.0/8{{24,32}}";
                return false;
            }

            (min, max) = (lo, hi);
        }

        if (!TryParsePrefix(prefixText, out IpPrefix prefix))
        {
            problem = $"'{text}' is not a prefix (write e.g. 10.0.0.0/8, 2001:db8::/32 or 10.0.0.0/8{{24,32}})";
            return false;
        }

        int minLength = min ?? prefix.Length;
        int maxLength = max ?? (exactByDefault ? prefix.Length : prefix.MaxLength);
        if (minLength < prefix.Length || maxLength < minLength || maxLength > prefix.MaxLength)
        {
            problem = $"'{text}': the length range must satisfy {prefix.Length} <= min <= max <= {prefix.MaxLength}";
            return false;
        }

        range = new PrefixRange(prefix, minLength, maxLength);
        problem = "";
        return true;
    }

    /// <summary>Strict: a dotted quad or IPv6 address, a slash, a length in range, no host bits set.</summary>
    internal static bool TryParsePrefix(string text, out IpPrefix prefix)
    {
        prefix = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 ||
            !System.Net.IPAddress.TryParse(text.AsSpan(0, slash), out System.Net.IPAddress? address) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length))
        {
            return false;
        }

        bool v4 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
        if ((v4 && text[..slash].Split('.').Length != 4) || length > (v4 ? 32 : 128))
        {
            return false;
        }

        prefix = IpPrefix.Create(address, length);
        return IpPrefix.Create(address, v4 ? 32 : 128).AddressBits == prefix.AddressBits;
    }

    public bool Equals(PrefixRange other) => Prefix == other.Prefix && MinLength == other.MinLength && MaxLength == other.MaxLength;

    public override bool Equals(object? obj) => obj is PrefixRange other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Prefix, MinLength, MaxLength);

    /// <summary>Always with the range, so the text is canonical whatever the mode.</summary>
    public override string ToString() => $"{Prefix}{{{MinLength},{MaxLength}}}";
}
