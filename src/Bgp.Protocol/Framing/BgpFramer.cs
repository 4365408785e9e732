using System.Buffers;

namespace Bgp.Protocol.Framing;

/// <summary>
/// Cuts BGP messages out of a byte stream. The header is validated before the body is awaited,
/// so an oversize length is rejected without buffering it (style rule 1).
/// </summary>
public static class BgpFramer
{
    /// <summary>
    /// Reads one message from the front of <paramref name="buffer"/>. Returns false when more bytes
    /// are needed; on true, <paramref name="buffer"/> is advanced past the message and
    /// <paramref name="body"/> is the message without its header. Header errors throw
    /// <see cref="Errors.BgpNotificationException"/> (1/1, 1/2, 1/3).
    /// </summary>
    public static bool TryReadMessage(ref ReadOnlySequence<byte> buffer, int maxMessageLength,
        out BgpMessageHeader header, out ReadOnlySequence<byte> body)
    {
        if (buffer.Length < BgpConstants.HeaderLength)
        {
            header = default;
            body = default;
            return false;
        }

        Span<byte> headerBytes = stackalloc byte[BgpConstants.HeaderLength];
        buffer.Slice(0, BgpConstants.HeaderLength).CopyTo(headerBytes);
        header = BgpMessageHeader.Parse(headerBytes, maxMessageLength);

        if (buffer.Length < header.Length)
        {
            body = default;
            return false;
        }

        body = buffer.Slice(BgpConstants.HeaderLength, header.BodyLength);
        buffer = buffer.Slice(header.Length);
        return true;
    }

    /// <summary>Span overload for a buffer that holds whole messages (tests, captures, benchmarks).</summary>
    public static bool TryReadMessage(ref ReadOnlySpan<byte> buffer, int maxMessageLength,
        out BgpMessageHeader header, out ReadOnlySpan<byte> body)
    {
        if (buffer.Length < BgpConstants.HeaderLength)
        {
            header = default;
            body = default;
            return false;
        }

        header = BgpMessageHeader.Parse(buffer[..BgpConstants.HeaderLength], maxMessageLength);
        if (buffer.Length < header.Length)
        {
            body = default;
            return false;
        }

        body = buffer.Slice(BgpConstants.HeaderLength, header.BodyLength);
        buffer = buffer[header.Length..];
        return true;
    }
}
