using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Bgp.RouteReflector;

/// <summary>
/// A route reflection cluster's identifier (RFC 4456 §7): a 4-octet value, written as an IPv4
/// address or as an integer. A reflector without a configured one uses its BGP Identifier.
/// </summary>
/// <param name="Value">The identifier as a big-endian integer, as it appears in CLUSTER_LIST.</param>
public readonly record struct ClusterId(uint Value)
{
    /// <summary>"a.b.c.d" only: IPAddress also accepts "10.0.0" and "10.1", which are not how anyone writes a cluster ID.</summary>
    private const int DottedQuadDots = 3;

    /// <summary>RFC 4456 §7: "a single route reflector ... the cluster is identified by the BGP Identifier of the RR".</summary>
    public static ClusterId FromRouterId(uint routerId) => new(routerId);

    /// <summary>Parses "10.0.0.1" or "167772161".</summary>
    public static bool TryParse(string? text, out ClusterId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            id = new ClusterId(number);
            return true;
        }

        if (text.Count(c => c == '.') == DottedQuadDots && IPAddress.TryParse(text, out var address) &&
            address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> bytes = stackalloc byte[sizeof(uint)];
            address.TryWriteBytes(bytes, out _);
            id = new ClusterId(BinaryPrimitives.ReadUInt32BigEndian(bytes));
            return true;
        }

        return false;
    }

    public static ClusterId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a cluster ID (an IPv4 address or a 32-bit integer)");

    /// <summary>Dotted quad, the way BIRD, FRR and GoBGP print it.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, Value);
        return new IPAddress(bytes).ToString();
    }
}
