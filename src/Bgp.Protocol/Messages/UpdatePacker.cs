using Bgp.Protocol.Attributes;
using Bgp.Protocol.Nlri;

namespace Bgp.Protocol.Messages;

/// <summary>
/// Splits long NLRI lists into UPDATEs that fit the negotiated maximum message length
/// (RFC 4271 §4.1; RFC 8654). Each Take method returns how many entries from the front of the
/// list fit in one message with <see cref="UpdateEncoder"/>; loop until the list is empty:
/// <code>
/// while (!nlri.IsEmpty)
/// {
///     var n = UpdatePacker.TakeIpv4Nlri(context, attributes.Length, nlri);
///     UpdateEncoder.TryWriteIpv4(buffer, context, [], attributes, nlri[..n], out var written);
///     nlri = nlri[n..];
/// }
/// </code>
/// Every Take returns at least 1 for a non-empty list when one entry fits at all, else 0.
/// </summary>
public static class UpdatePacker
{
    /// <summary>How many leading entries fit in <paramref name="budget"/> octets.</summary>
    public static int CountFitting(ReadOnlySpan<NlriEntry> entries, bool addPath, int budget)
    {
        var perEntry = addPath ? BgpConstants.PathIdLength + 1 : 1;
        var used = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            used += perEntry + entries[i].Prefix.ByteCount;
            if (used > budget)
            {
                return i;
            }
        }

        return entries.Length;
    }

    /// <summary>IPv4 NLRI that fit beside <paramref name="attributesLength"/> octets of attributes.</summary>
    public static int TakeIpv4Nlri(in EncodeContext context, int attributesLength, ReadOnlySpan<NlriEntry> nlri) =>
        CountFitting(nlri, context.HasAddPath(AddressFamily.Ipv4Unicast),
            context.MaxMessageLength - UpdateEncoder.EmptyUpdateLength - attributesLength);

    /// <summary>IPv4 withdrawn routes that fit in an UPDATE with no attributes.</summary>
    public static int TakeIpv4Withdrawn(in EncodeContext context, ReadOnlySpan<NlriEntry> withdrawn) =>
        CountFitting(withdrawn, context.HasAddPath(AddressFamily.Ipv4Unicast), context.MaxMessageLength - UpdateEncoder.EmptyUpdateLength);

    /// <summary>NLRI that fit in one MP_REACH_NLRI beside <paramref name="attributesLength"/> octets of other attributes.</summary>
    public static int TakeMpReach(in EncodeContext context, AddressFamily family, in MpNextHop nextHop, int attributesLength, ReadOnlySpan<NlriEntry> nlri)
    {
        // Assume the 4-octet attribute header: a list long enough to matter needs it anyway.
        var budget = context.MaxMessageLength - UpdateEncoder.EmptyUpdateLength - attributesLength -
            RawPathAttribute.ExtendedHeaderLength - MpReachView.MinLength - nextHop.EncodedLength;
        return CountFitting(nlri, context.HasAddPath(family), budget);
    }

    /// <summary>Withdrawn routes that fit in one MP_UNREACH_NLRI-only UPDATE.</summary>
    public static int TakeMpUnreach(in EncodeContext context, AddressFamily family, ReadOnlySpan<NlriEntry> withdrawn)
    {
        var budget = context.MaxMessageLength - UpdateEncoder.EmptyUpdateLength - RawPathAttribute.ExtendedHeaderLength - MpUnreachView.MinLength;
        return CountFitting(withdrawn, context.HasAddPath(family), budget);
    }
}
