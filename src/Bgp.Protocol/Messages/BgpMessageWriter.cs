using System.Buffers;

namespace Bgp.Protocol.Messages;

/// <summary>Writes messages into an <see cref="IBufferWriter{T}"/>, such as a pipe, without copying.</summary>
public static class BgpMessageWriter
{
    /// <summary>Writes <paramref name="message"/> and returns its length.</summary>
    public static int Write(IBufferWriter<byte> writer, IBgpMessage message, in EncodeContext context)
    {
        var length = message.GetEncodedLength(context);
        if (length > context.MaxMessageLength)
        {
            throw new InvalidOperationException(
                $"{message.Type} of {length} octets exceeds the negotiated maximum of {context.MaxMessageLength}");
        }

        var span = writer.GetSpan(length);
        if (!message.TryWrite(span, context, out var written) || written != length)
        {
            throw new InvalidOperationException($"{message.Type} wrote {written} octets, expected {length}");
        }

        writer.Advance(written);
        return written;
    }

    /// <summary>Encodes <paramref name="message"/> into a new array (tests, tools; not the hot path).</summary>
    public static byte[] ToArray(IBgpMessage message, in EncodeContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(message.GetEncodedLength(context));
        Write(buffer, message, context);
        return buffer.WrittenSpan.ToArray();
    }
}
