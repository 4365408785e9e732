using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Tests.Capture;

/// <summary>
/// The three fields of a whole UPDATE message as raw bytes, split independently of the codec
/// under test, so a re-encoding can be compared with what a real speaker sent.
/// </summary>
internal sealed record RawUpdate(byte[] Withdrawn, byte[] Attributes, byte[] Nlri)
{
    private const int LengthFieldSize = sizeof(ushort);
    private const int ShortAttributeHeader = 3;
    private const int ExtendedAttributeHeader = 4;

    public static RawUpdate Split(ReadOnlySpan<byte> message)
    {
        var body = message[BgpConstants.HeaderLength..];
        var withdrawnLength = BinaryPrimitives.ReadUInt16BigEndian(body);
        var withdrawn = body.Slice(LengthFieldSize, withdrawnLength);
        var rest = body[(LengthFieldSize + withdrawnLength)..];
        var attributesLength = BinaryPrimitives.ReadUInt16BigEndian(rest);
        var attributes = rest.Slice(LengthFieldSize, attributesLength);
        var nlri = rest[(LengthFieldSize + attributesLength)..];
        return new RawUpdate(withdrawn.ToArray(), attributes.ToArray(), nlri.ToArray());
    }

    /// <summary>
    /// Each attribute as "type flags value" in hex, flags without Extended Length, sorted by type:
    /// what must survive a re-encoding whatever order and length encoding the encoder picks.
    /// With <paramref name="withoutUnknownNonTransitive"/>, attributes the codec does not know that
    /// are optional non-transitive are left out: RFC 4271 §5 has them quietly ignored (e.g. AIGP).
    /// </summary>
    public IReadOnlyList<string> NormalizedAttributes(bool withoutUnknownNonTransitive = false)
    {
        var result = new List<string>();
        ReadOnlySpan<byte> rest = Attributes;
        while (rest.Length > 0)
        {
            var flags = (PathAttributeFlags)rest[0];
            var type = rest[1];
            var extended = (flags & PathAttributeFlags.ExtendedLength) != 0;
            var headerLength = extended ? ExtendedAttributeHeader : ShortAttributeHeader;
            var length = extended ? BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) : rest[2];
            var value = rest.Slice(headerLength, length);
            rest = rest[(headerLength + length)..];
            var optionalNonTransitive = (flags & (PathAttributeFlags.Optional | PathAttributeFlags.Transitive)) == PathAttributeFlags.Optional;
            if (withoutUnknownNonTransitive && optionalNonTransitive && !Enum.IsDefined((PathAttributeType)type))
            {
                continue;
            }

            result.Add($"{type:D3} {(byte)(flags & ~PathAttributeFlags.ExtendedLength):X2} {Convert.ToHexString(value)}");
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }
}
