using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Bgp.Speaker.Configuration;

/// <summary>
/// Typed reads of JSON values, each failing with the file, the field path and what was expected.
/// </summary>
internal sealed class ConfigSource(string name)
{
    public string Name { get; } = name;

    public ConfigException Error(string? path, string problem) => new(Name, path, problem);

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"'{value.GetString()}'",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    public string ReadString(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error(path, $"must be a string in quotes, got {Describe(value)}");
        }

        return value.GetString()!;
    }

    public bool ReadBool(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(path, $"must be true or false, got {Describe(value)}"),
    };

    /// <summary>A whole number in [min, max]; <paramref name="range"/> words the rule for the message.</summary>
    public long ReadInteger(JsonElement value, string path, long min, long max, string range)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long number))
        {
            throw Error(path, $"must be {range}, got {Describe(value)}");
        }

        if (number < min || number > max)
        {
            throw Error(path, $"must be {range}, got {number.ToString(CultureInfo.InvariantCulture)}");
        }

        return number;
    }

    public double ReadNumber(JsonElement value, string path, double min, double max, string range)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || number < min || number > max)
        {
            throw Error(path, $"must be {range}, got {Describe(value)}");
        }

        return number;
    }

    /// <summary>RFC 4271 §4.2 and RFC 6793: an AS number is 1..4294967295; 0 is reserved (RFC 7607).</summary>
    public uint ReadAs(JsonElement value, string path)
    {
        const uint AsTrans = 23456;
        uint asn = (uint)ReadInteger(value, path, 1, uint.MaxValue, "an AS number between 1 and 4294967295");
        if (asn == AsTrans)
        {
            // RFC 6793 §9: AS_TRANS stands in for 4-octet ASNs on old speakers; no speaker owns it.
            throw Error(path, "23456 is AS_TRANS (RFC 6793), a placeholder no speaker may use; choose another AS");
        }

        return asn;
    }

    public int ReadPort(JsonElement value, string path) =>
        (int)ReadInteger(value, path, IPEndPoint.MinPort + 1, IPEndPoint.MaxPort, "a TCP port between 1 and 65535");

    /// <summary>Whole seconds in [min, max].</summary>
    public TimeSpan ReadSeconds(JsonElement value, string path, long min, long max) =>
        TimeSpan.FromSeconds(ReadInteger(value, path, min, max, $"a whole number of seconds between {min} and {max}"));

    /// <summary>
    /// A literal IPv4 (dotted quad) or IPv6 address. Stricter than <see cref="IPAddress.TryParse(string, out IPAddress)"/>,
    /// which reads "10" as 0.0.0.10.
    /// </summary>
    public IPAddress ReadAddress(JsonElement value, string path)
    {
        string text = ReadString(value, path);
        if (!IPAddress.TryParse(text, out IPAddress? address) ||
            (address.AddressFamily == AddressFamily.InterNetwork && text.Split('.').Length != 4))
        {
            throw Error(path, $"'{text}' is not an IP address (write e.g. 192.0.2.1 or 2001:db8::1)");
        }

        return address;
    }

    public T ReadName<T>(JsonElement value, string path, IReadOnlyDictionary<string, T> names)
    {
        string text = ReadString(value, path);
        if (!names.TryGetValue(text, out T? result))
        {
            throw Error(path, $"'{text}' is not one of: {string.Join(", ", names.Keys)}");
        }

        return result;
    }

    public List<JsonElement> ReadArray(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, $"must be an array [ ... ], got {Describe(value)}");
        }

        return [.. value.EnumerateArray()];
    }
}
