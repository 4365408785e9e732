using System.Text;
using System.Text.Unicode;

namespace Bgp.Protocol.Messages;

/// <summary>
/// The Shutdown Communication carried in the data of Cease / Administrative Shutdown (6/2) and
/// Administrative Reset (6/4) NOTIFICATIONs (RFC 9003 §2, which replaced RFC 8203):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Error code 6  |    Subcode    |    Length     |     ...       \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+               /
/// \                                                               \
/// /                 ... Shutdown Communication ...                /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public static class ShutdownCommunication
{
    /// <summary>RFC 9003 §2: the Length field is one octet, so at most 255 octets of UTF-8.</summary>
    public const int MaxLength = byte.MaxValue;

    private const int LengthFieldLength = 1;
    private const byte Utf8ContinuationMask = 0xC0;
    private const byte Utf8ContinuationBits = 0x80;

    /// <summary>
    /// The NOTIFICATION data for <paramref name="text"/>: a length octet and UTF-8. A text over 255
    /// octets is cut at the last whole character that fits, since a shutdown must not fail over a
    /// long message. Null or empty gives a zero length (RFC 9003 §2: no Shutdown Communication).
    /// </summary>
    public static byte[] Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [0];
        }

        var utf8 = Encoding.UTF8.GetBytes(text);
        var length = Math.Min(utf8.Length, MaxLength);
        if (length < utf8.Length)
        {
            // Back up to the first octet of the character that straddles the limit.
            while (length > 0 && (utf8[length] & Utf8ContinuationMask) == Utf8ContinuationBits)
            {
                length--;
            }
        }

        var data = new byte[LengthFieldLength + length];
        data[0] = (byte)length;
        utf8.AsSpan(0, length).CopyTo(data.AsSpan(LengthFieldLength));
        return data;
    }

    /// <summary>
    /// Reads a Shutdown Communication from NOTIFICATION data. False, never an exception, when the
    /// data is empty, the length is zero, the length overruns the data, or the text is not valid
    /// shortest-form UTF-8 (RFC 9003 §2: "A receiving BGP speaker MUST NOT interpret invalid UTF-8
    /// sequences"). Octets after the communication are ignored.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out string text)
    {
        text = string.Empty;
        if (data.IsEmpty)
        {
            return false;
        }

        var length = data[0];
        if (length == 0 || data.Length - LengthFieldLength < length)
        {
            return false;
        }

        var utf8 = data.Slice(LengthFieldLength, length);
        if (!Utf8.IsValid(utf8))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(utf8);
        return true;
    }
}
