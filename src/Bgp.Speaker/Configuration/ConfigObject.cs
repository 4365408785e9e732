using System.Text.Json;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// One JSON object of the configuration file with its field path: rejects unknown and repeated
/// fields (suggesting the closest known name) and hands out values together with their paths.
/// </summary>
internal sealed class ConfigObject
{
    /// <summary>Edits up to this many letters count as a typo worth a suggestion.</summary>
    private const int MaxSuggestionDistance = 2;

    /// <summary>A prefix this long of a known field counts as that field, abbreviated.</summary>
    private const int MinAbbreviation = 4;

    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);

    public ConfigObject(ConfigSource source, JsonElement element, string path, IReadOnlyCollection<string> allowed)
    {
        Source = source;
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw source.Error(path, $"must be an object {{ ... }}, got {ConfigSource.Describe(element)}");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            string fieldPath = FieldPath(property.Name);
            if (!allowed.Contains(property.Name))
            {
                throw source.Error(fieldPath, $"unknown field; {Suggest(property.Name, allowed)}");
            }

            if (!_fields.TryAdd(property.Name, property.Value))
            {
                throw source.Error(fieldPath, "appears twice; keep one");
            }
        }
    }

    public ConfigSource Source { get; }

    public string Path { get; }

    public string FieldPath(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    public bool TryGet(string name, out JsonElement value, out string path)
    {
        path = FieldPath(name);
        return _fields.TryGetValue(name, out value);
    }

    /// <summary>"did you mean holdTime?" for a near miss, else the list of fields.</summary>
    internal static string Suggest(string name, IReadOnlyCollection<string> allowed)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in allowed)
        {
            int distance = string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase) ? 0
                : IsAbbreviation(name, candidate) ? 1
                : Distance(candidate.ToLowerInvariant(), name.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= MaxSuggestionDistance
            ? $"did you mean {best}?"
            : $"expected one of: {string.Join(", ", allowed)}";
    }

    /// <summary>"keepalive" for "keepaliveTime", "ttl" is too short to count.</summary>
    private static bool IsAbbreviation(string name, string candidate) =>
        name.Length >= MinAbbreviation && candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Levenshtein distance (insertions, deletions, substitutions).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
