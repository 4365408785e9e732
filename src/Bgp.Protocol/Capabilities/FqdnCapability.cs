using System.Text;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// FQDN (hostname) capability, code 73 (draft-walton-bgp-hostname-capability §3):
/// <code>
/// +--------------------------------+
/// | Hostname Length (1 octet)      |
/// +--------------------------------+
/// | Hostname (variable)            |
/// +--------------------------------+
/// | Domain Name Length (1 octet)   |
/// +--------------------------------+
/// | Domain Name (variable)         |
/// +--------------------------------+
/// </code>
/// The draft expects ASCII; names are encoded as UTF-8 (a superset) and decoded leniently, since
/// the capability is informational only and a bad byte must not tear down a session.
/// </summary>
public sealed record FqdnCapability(string HostName, string DomainName) : Capability
{
    private const int LengthFieldLength = 1;

    public override CapabilityCode Code => CapabilityCode.Fqdn;

    public override int ValueLength =>
        LengthFieldLength + Encoding.UTF8.GetByteCount(HostName) + LengthFieldLength + Encoding.UTF8.GetByteCount(DomainName);

    public override void WriteValue(Span<byte> destination)
    {
        var offset = WriteName(destination, HostName);
        WriteName(destination[offset..], DomainName);
    }

    internal static FqdnCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // Draft §3: each name is a 1-octet length and that many octets; both must fit exactly.
        if (!TryReadName(value, out var hostName, out var rest)
            || !TryReadName(rest, out var domainName, out rest)
            || !rest.IsEmpty)
        {
            throw Malformed(CapabilityCode.Fqdn, value, "hostname and domain name lengths do not match the capability length");
        }

        return new FqdnCapability(hostName, domainName);
    }

    private static int WriteName(Span<byte> destination, string name)
    {
        var length = Encoding.UTF8.GetBytes(name, destination[LengthFieldLength..]);
        destination[0] = checked((byte)length);
        return LengthFieldLength + length;
    }

    private static bool TryReadName(ReadOnlySpan<byte> source, out string name, out ReadOnlySpan<byte> rest)
    {
        name = string.Empty;
        rest = default;
        if (source.IsEmpty || source.Length - LengthFieldLength < source[0])
        {
            return false;
        }

        var length = source[0];
        name = Encoding.UTF8.GetString(source.Slice(LengthFieldLength, length));
        rest = source[(LengthFieldLength + length)..];
        return true;
    }

    public override string ToString() => DomainName.Length == 0 ? $"Fqdn({HostName})" : $"Fqdn({HostName}.{DomainName})";
}
