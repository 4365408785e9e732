namespace Bgp.Speaker.Configuration;

/// <summary>
/// The configuration file is unusable. The message names the file and the field, and says what is
/// expected: <c>bgpd.json: peers[1].holdTime: must be 0 or between 3 and 65535 seconds, got 2</c>.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string source, string? fieldPath, string problem)
        : base(fieldPath is null ? $"{source}: {problem}" : $"{source}: {fieldPath}: {problem}")
    {
        SourceName = source;
        FieldPath = fieldPath;
        Problem = problem;
    }

    public ConfigException(string source, string problem, Exception inner)
        : base($"{source}: {problem}", inner)
    {
        SourceName = source;
        Problem = problem;
    }

    /// <summary>The file (or other source name) the configuration came from.</summary>
    public string SourceName { get; }

    /// <summary>The field, e.g. <c>peers[1].holdTime</c>; null for file-level errors.</summary>
    public string? FieldPath { get; }

    public string Problem { get; }
}
