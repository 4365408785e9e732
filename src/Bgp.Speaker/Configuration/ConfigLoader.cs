using System.Text.Json;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// Reads bgpd's JSON configuration file (docs/CONFIG.md) into <see cref="SpeakerOptions"/>.
/// Comments and trailing commas are allowed. Every error is a <see cref="ConfigException"/>
/// naming the file and the field.
/// </summary>
public static class ConfigLoader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SpeakerOptions Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, $"cannot read the file: {error.Message}", error);
        }

        return Parse(text, path) with { SourcePath = path };
    }

    /// <param name="sourceName">The file name to put in error messages.</param>
    public static SpeakerOptions Parse(string text, string sourceName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException error)
        {
            // JsonException counts lines and columns from 0.
            long line = (error.LineNumber ?? 0) + 1;
            long column = (error.BytePositionInLine ?? 0) + 1;
            throw new ConfigException($"{sourceName}:{line}:{column}", $"not valid JSON: {FirstSentence(error.Message)}", error);
        }

        using (document)
        {
            return new SpeakerConfigReader(new ConfigSource(sourceName)).Read(document.RootElement);
        }
    }

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
