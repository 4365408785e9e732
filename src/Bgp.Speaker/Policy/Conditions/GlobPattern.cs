namespace Bgp.Speaker.Policy.Conditions;

/// <summary>
/// A shell-style glob over interface names, as BIRD's <c>ifname ~ "*.cali"</c>: <c>*</c> any run
/// of characters, <c>?</c> one character, everything else literal. Matched without regex or
/// allocation (linear backtracking on the last <c>*</c>).
/// </summary>
internal sealed class GlobPattern(string pattern)
{
    public string Pattern { get; } = pattern;

    public bool Matches(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> glob = Pattern;
        int g = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (g < glob.Length && (glob[g] == '?' || (glob[g] != '*' && glob[g] == text[t])))
            {
                g++;
                t++;
            }
            else if (g < glob.Length && glob[g] == '*')
            {
                star = g++;
                resume = t;
            }
            else if (star >= 0)
            {
                g = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (g < glob.Length && glob[g] == '*')
        {
            g++;
        }

        return g == glob.Length;
    }

    public override string ToString() => Pattern;
}
