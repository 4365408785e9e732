using Bgp.Protocol.Attributes;

namespace Bgp.Protocol.Messages;

/// <summary>
/// The End-of-RIB marker (RFC 4724 §2): for IPv4 unicast an UPDATE with no withdrawn routes,
/// attributes or NLRI (the minimum 23-octet UPDATE); for any other family an UPDATE holding
/// only an MP_UNREACH_NLRI with no withdrawn routes for that AFI/SAFI.
/// </summary>
public static class EndOfRib
{
    private static readonly UpdateMessage Ipv4 = new();

    public static UpdateMessage Create(AddressFamily family) =>
        family == AddressFamily.Ipv4Unicast
            ? Ipv4
            : new UpdateMessage { Attributes = new PathAttributes { MpUnreach = new MpUnreachNlri(family, []) } };

    public static bool Is(UpdateMessage update, out AddressFamily family)
    {
        family = AddressFamily.Ipv4Unicast;
        if (update.Withdrawn.Count != 0 || update.Nlri.Count != 0 || update.Action != Errors.Rfc7606Action.None)
        {
            return false;
        }

        var attributes = update.Attributes;
        if (attributes.IsEmpty)
        {
            return true;
        }

        if (attributes.MpUnreach is not { } unreach ||
            (unreach.IsOpaque ? unreach.OpaqueValue.Length != MpUnreachView.MinLength : unreach.Withdrawn.Count != 0) ||
            !new PathAttributes { MpUnreach = unreach }.Equals(attributes))
        {
            return false;
        }

        family = unreach.Family;
        return true;
    }

    /// <summary>Writes the marker without allocating; 23 octets for IPv4 unicast, 30 otherwise.</summary>
    public static bool TryWrite(Span<byte> destination, AddressFamily family, out int written) =>
        UpdateEncoder.TryWriteEndOfRib(destination, family, out written);
}
