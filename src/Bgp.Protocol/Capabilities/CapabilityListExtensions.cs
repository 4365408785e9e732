namespace Bgp.Protocol.Capabilities;

/// <summary>Look-ups over a received capability list, for the negotiation code.</summary>
public static class CapabilityListExtensions
{
    /// <summary>
    /// The last capability of type <typeparamref name="T"/>, or null. The last one wins because
    /// RFC 4724 §3 says a receiver "MUST ignore all but the last instance" of Graceful Restart,
    /// and no single-instance capability asks for anything different.
    /// </summary>
    public static T? FindLast<T>(this IReadOnlyList<Capability> capabilities)
        where T : Capability
    {
        for (var i = capabilities.Count - 1; i >= 0; i--)
        {
            if (capabilities[i] is T match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>Every capability of type <typeparamref name="T"/>, in order (e.g. one Multiprotocol per family).</summary>
    public static IEnumerable<T> FindAll<T>(this IReadOnlyList<Capability> capabilities)
        where T : Capability => capabilities.OfType<T>();

    public static bool Has<T>(this IReadOnlyList<Capability> capabilities)
        where T : Capability => capabilities.FindLast<T>() is not null;

    /// <summary>The families advertised with the Multiprotocol capability (RFC 4760 §8).</summary>
    public static IReadOnlyList<AddressFamily> MultiprotocolFamilies(this IReadOnlyList<Capability> capabilities) =>
        [.. capabilities.FindAll<MultiprotocolCapability>().Select(c => c.Family)];
}
