using Bgp.Protocol;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// The Path Attributes field of each exported set, encoded once per update group (MP attributes
/// left out: <see cref="Bgp.Protocol.Messages.UpdateEncoder"/> builds MP_REACH_NLRI around the NLRI).
/// Bounded: emptied when it grows past <see cref="MaxEntries"/>, so sets that left the RIB do not linger.
/// </summary>
internal sealed class AttributeEncodingCache
{
    private const int MaxEntries = 16_384;

    private readonly Dictionary<RouteAttributes, byte[]> _encoded = new(ReferenceEqualityComparer.Instance);

    public byte[] Get(RouteAttributes set, in EncodeContext context)
    {
        if (!_encoded.TryGetValue(set, out var bytes))
        {
            if (_encoded.Count >= MaxEntries)
            {
                _encoded.Clear();
            }

            bytes = set.Attributes.ToArray(context, includeMultiprotocol: false);
            _encoded[set] = bytes;
        }

        return bytes;
    }
}
