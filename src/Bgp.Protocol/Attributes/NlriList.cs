using Bgp.Protocol.Iana;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Attributes;

/// <summary>Reading, measuring and writing whole NLRI fields (RFC 4271 §4.3, RFC 4760 §5).</summary>
internal static class NlriList
{
    /// <summary>Reads an already validated field into an array.</summary>
    public static NlriEntry[] ReadValidated(ReadOnlySpan<byte> field, Afi afi, bool addPath, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var entries = new NlriEntry[count];
        var i = 0;
        foreach (var entry in new NlriEnumerator(field, afi, addPath))
        {
            entries[i++] = entry;
        }

        return entries;
    }

    /// <summary>Validates then reads; null when the field is syntactically incorrect (RFC 7606 §5.3).</summary>
    public static NlriEntry[]? TryRead(ReadOnlySpan<byte> field, Afi afi, bool addPath) =>
        NlriCodec.Validate(field, afi, addPath, out var count) ? ReadValidated(field, afi, addPath, count) : null;

    public static int GetEncodedLength(ReadOnlySpan<NlriEntry> entries, bool addPath)
    {
        var length = addPath ? entries.Length * (BgpConstants.PathIdLength + 1) : entries.Length;
        foreach (ref readonly var entry in entries)
        {
            length += entry.Prefix.ByteCount;
        }

        return length;
    }

    public static int Write(Span<byte> destination, ReadOnlySpan<NlriEntry> entries, bool addPath)
    {
        var offset = 0;
        foreach (ref readonly var entry in entries)
        {
            offset += NlriCodec.Write(destination[offset..], entry, addPath);
        }

        return offset;
    }

    public static bool SequenceEqual(NlriEntry[] left, NlriEntry[] right) => left.AsSpan().SequenceEqual(right);

    public static int Hash(NlriEntry[] entries)
    {
        var hash = new HashCode();
        foreach (var entry in entries)
        {
            hash.Add(entry);
        }

        return hash.ToHashCode();
    }
}
