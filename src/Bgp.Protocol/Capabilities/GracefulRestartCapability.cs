using System.Buffers.Binary;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Capabilities;

/// <summary>
/// Graceful Restart capability, code 64 (RFC 4724 §3, N bit from RFC 8538 §2):
/// <code>
/// +--------------------------------------------------+
/// | Restart Flags (4 bits)                           |
/// +--------------------------------------------------+
/// | Restart Time in seconds (12 bits)                |
/// +--------------------------------------------------+
/// | Address Family Identifier (16 bits)              |
/// +--------------------------------------------------+
/// | Subsequent Address Family Identifier (8 bits)    |
/// +--------------------------------------------------+
/// | Flags for Address Family (8 bits)                |
/// +--------------------------------------------------+
/// | ...                                              |
/// +--------------------------------------------------+
///
/// Restart Flags:  0 1 2 3      Flags for Address Family:  0 1 2 3 4 5 6 7
///                +-+-+-+-+                               +-+-+-+-+-+-+-+-+
///                |R|N|   |                               |F|   Reserved  |
///                +-+-+-+-+                               +-+-+-+-+-+-+-+-+
/// </code>
/// Reserved bits are sent as 0 and ignored on receipt (RFC 4724 §3).
/// </summary>
public sealed record GracefulRestartCapability : Capability
{
    /// <summary>RFC 4724 §3: the Restart Time field is 12 bits.</summary>
    public const ushort MaxRestartTime = 0x0FFF;

    private const int FlagsAndTimeLength = 2;
    private const int FamilyLength = 4;
    private const ushort RestartStateBit = 0x8000;
    private const ushort NotificationBit = 0x4000;
    private const byte ForwardingStateBit = 0x80;
    private const int SafiOffset = 2;
    private const int FlagsOffset = 3;

    public GracefulRestartCapability(bool restartState, bool notification, ushort restartTime, IReadOnlyList<GracefulRestartFamily> families)
    {
        RestartState = restartState;
        Notification = notification;
        RestartTime = restartTime;
        Families = families;
    }

    /// <summary>R bit (RFC 4724 §3): the sender has restarted.</summary>
    public bool RestartState { get; init; }

    /// <summary>N bit (RFC 8538 §2): the sender supports Graceful Restart for NOTIFICATION messages.</summary>
    public bool Notification { get; init; }

    /// <summary>Seconds the peer should keep our routes while we restart (12 bits, RFC 4724 §3).</summary>
    public ushort RestartTime
    {
        get;
        init => field = value <= MaxRestartTime
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "the restart time is 12 bits");
    }

    /// <summary>Families for which the sender preserves forwarding state; empty in a "receiver only" advertisement.</summary>
    public IReadOnlyList<GracefulRestartFamily> Families { get; init; }

    public override CapabilityCode Code => CapabilityCode.GracefulRestart;

    public override int ValueLength => FlagsAndTimeLength + (FamilyLength * Families.Count);

    public override void WriteValue(Span<byte> destination)
    {
        var flagsAndTime = (ushort)(RestartTime
            | (RestartState ? RestartStateBit : 0)
            | (Notification ? NotificationBit : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination, flagsAndTime);
        var offset = FlagsAndTimeLength;
        foreach (var entry in Families)
        {
            var slot = destination.Slice(offset, FamilyLength);
            BinaryPrimitives.WriteUInt16BigEndian(slot, (ushort)entry.Family.Afi);
            slot[SafiOffset] = (byte)entry.Family.Safi;
            slot[FlagsOffset] = entry.ForwardingState ? ForwardingStateBit : (byte)0;
            offset += FamilyLength;
        }
    }

    internal static GracefulRestartCapability DecodeValue(ReadOnlySpan<byte> value)
    {
        // RFC 4724 §3: 2 octets of flags and time, then whole 4-octet tuples.
        if (value.Length < FlagsAndTimeLength || (value.Length - FlagsAndTimeLength) % FamilyLength != 0)
        {
            throw Malformed(CapabilityCode.GracefulRestart, value, $"length {value.Length} is not 2 + 4n");
        }

        var flagsAndTime = BinaryPrimitives.ReadUInt16BigEndian(value);
        var families = new GracefulRestartFamily[(value.Length - FlagsAndTimeLength) / FamilyLength];
        for (var i = 0; i < families.Length; i++)
        {
            var slot = value.Slice(FlagsAndTimeLength + (i * FamilyLength), FamilyLength);
            families[i] = new GracefulRestartFamily(
                new AddressFamily((Afi)BinaryPrimitives.ReadUInt16BigEndian(slot), (Safi)slot[SafiOffset]),
                (slot[FlagsOffset] & ForwardingStateBit) != 0);
        }

        return new GracefulRestartCapability(
            (flagsAndTime & RestartStateBit) != 0,
            (flagsAndTime & NotificationBit) != 0,
            (ushort)(flagsAndTime & MaxRestartTime),
            families);
    }

    public bool Equals(GracefulRestartCapability? other) =>
        other is not null
        && RestartState == other.RestartState
        && Notification == other.Notification
        && RestartTime == other.RestartTime
        && ValueEquality.SequenceEqual(Families, other.Families);

    public override int GetHashCode() =>
        HashCode.Combine(RestartState, Notification, RestartTime, ValueEquality.SequenceHash(Families));

    public override string ToString() =>
        $"GracefulRestart(R={RestartState}, N={Notification}, time={RestartTime}s, [{string.Join(", ", Families)}])";
}
