using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// The outcome of decoding one attribute value. <see cref="None"/> is success; a
/// <see cref="Malformed"/> error takes its RFC 7606 action and subcode from the attribute's
/// registry row; an explicit action overrides the row (the MP attributes, RFC 7606 §7.11).
/// </summary>
internal readonly record struct AttributeError(Rfc7606Action? Action, UpdateMessageErrorSubcode? Subcode, string? Description)
{
    public static AttributeError None => default;

    public bool IsError => Description is not null;

    /// <summary>A malformed value, handled as its registry row says (RFC 7606 §7).</summary>
    public static AttributeError Malformed(string description) => new(null, null, description);
}
