using Bgp.Protocol;
using Bgp.Protocol.Capabilities;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;

namespace Bgp.Speaker.Sessions;

/// <summary>
/// Settles a session from both OPENs (RFC 4271 §4.2 and §6.2, RFC 5492, RFC 6793, RFC 4760,
/// RFC 7911, RFC 8654). Pure: no I/O, no clock. A refusal is thrown as the
/// <see cref="BgpNotificationException"/> to send, which the session catches like a decode error.
/// </summary>
public static class OpenNegotiation
{
    /// <summary>
    /// Checks the peer's OPEN against the configuration, in the order of RFC 4271 §6.2 (peer AS,
    /// hold time, BGP Identifier, then capabilities), and returns what both sides support.
    /// </summary>
    /// <exception cref="BgpNotificationException">2/2, 2/3, 2/6 or 2/7: the NOTIFICATION to send.</exception>
    public static NegotiatedSession Negotiate(OpenMessage ours, OpenMessage theirs, PeerOptions options, LocalSpeaker local)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(theirs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(local);

        var localAs = options.LocalAs ?? local.LocalAs;

        // RFC 4271 §6.2 "If the Autonomous System field of the OPEN message is unacceptable, then
        // the Error Subcode MUST be set to Bad Peer AS"; RFC 6793 §4.1: the AS is the 4-octet
        // capability's when present, else My Autonomous System.
        var peerAs = theirs.EffectiveAs;
        if (peerAs != options.RemoteAs)
        {
            throw BgpErrors.BadPeerAs(theirs.MyAs, peerAs, options.RemoteAs);
        }

        // RFC 4271 §6.2: "An implementation MUST reject Hold Time values of one or two seconds."
        // The codec rejects them already; repeated here for OPENs built in code.
        if (theirs.HoldTime is > 0 and < BgpConstants.MinHoldTime)
        {
            throw BgpErrors.UnacceptableHoldTime(theirs.HoldTime);
        }

        // RFC 6286 §2.2: the same identifier as ours from an internal peer is Bad BGP Identifier.
        if (peerAs == localAs && theirs.BgpIdentifier == ours.BgpIdentifier)
        {
            throw BgpErrors.SameBgpIdentifier(theirs.BgpIdentifier);
        }

        // RFC 5492 §5: a capability we require and the peer did not offer is Unsupported Capability.
        CheckRequiredCapabilities(ours, theirs, options.RequiredCapabilities);

        // RFC 4271 §4.2: "the calculated value [of the Hold Timer] ... MUST be the smaller of its
        // configured Hold Time and the Hold Time received in the OPEN message."
        var holdTime = TimeSpan.FromSeconds(Math.Min(ours.HoldTime, theirs.HoldTime));

        var families = FamiliesOf(ours.Capabilities) & FamiliesOf(theirs.Capabilities);
        var (addPathReceive, addPathSend) = AddPath(ours.Capabilities, theirs.Capabilities, families);

        return new NegotiatedSession
        {
            PeerAs = peerAs,
            LocalAs = localAs,
            PeerRouterId = LocalSpeaker.ToAddress(theirs.BgpIdentifier),
            HoldTime = holdTime,
            KeepaliveTime = KeepaliveTime(holdTime, options.KeepaliveTime),
            Families = families,
            FourOctetAs = Both<FourOctetAsCapability>(ours, theirs),
            ExtendedMessages = Both<ExtendedMessageCapability>(ours, theirs),
            AddPathReceive = addPathReceive,
            AddPathSend = addPathSend,
            RouteRefresh = Both<RouteRefreshCapability>(ours, theirs),
            EnhancedRouteRefresh = Both<EnhancedRouteRefreshCapability>(ours, theirs),
            PeerGracefulRestart = theirs.Capabilities.FindLast<GracefulRestartCapability>(),
            PeerLongLivedGracefulRestart = theirs.Capabilities.FindLast<LongLivedGracefulRestartCapability>(),
        };
    }

    /// <summary>
    /// RFC 4271 §10: KeepaliveTime is a third of the hold time; a configured value is used only when
    /// it is smaller (it may never exceed a third). Zero when the hold time is zero (RFC 4271 §4.4).
    /// </summary>
    public static TimeSpan KeepaliveTime(TimeSpan holdTime, TimeSpan? configured)
    {
        if (holdTime <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var third = FsmConfig.KeepaliveTimeFor(holdTime);
        return configured is { } value && value > TimeSpan.Zero && value < third ? value : third;
    }

    /// <summary>
    /// Families from the Multiprotocol capabilities (RFC 4760 §8). A speaker that sends none is
    /// taken to speak IPv4 unicast only, as RFC 4271 alone defines.
    /// </summary>
    internal static AddressFamilySet FamiliesOf(IReadOnlyList<Capability> capabilities)
    {
        var set = AddressFamilySet.None;
        var any = false;
        foreach (var capability in capabilities.FindAll<MultiprotocolCapability>())
        {
            any = true;
            set |= AddressFamilySetExtensions.ToFlag(capability.Family);
        }

        return any ? set : AddressFamilySet.Ipv4Unicast;
    }

    /// <summary>
    /// RFC 7911 §4: we receive path identifiers for a family when we offered Receive and the peer
    /// offered Send; we send them when we offered Send and the peer offered Receive.
    /// </summary>
    private static (AddressFamilySet Receive, AddressFamilySet Send) AddPath(
        IReadOnlyList<Capability> ours, IReadOnlyList<Capability> theirs, AddressFamilySet families)
    {
        var ourCapability = ours.FindLast<AddPathCapability>();
        var theirCapability = theirs.FindLast<AddPathCapability>();
        if (ourCapability is null || theirCapability is null)
        {
            return (AddressFamilySet.None, AddressFamilySet.None);
        }

        var receive = AddressFamilySet.None;
        var send = AddressFamilySet.None;
        foreach (var entry in ourCapability.Families)
        {
            var flag = AddressFamilySetExtensions.ToFlag(entry.Family) & families;
            var peer = theirCapability.DirectionFor(entry.Family);
            if (entry.Direction.HasFlag(AddPathDirection.Receive) && peer.HasFlag(AddPathDirection.Send))
            {
                receive |= flag;
            }

            if (entry.Direction.HasFlag(AddPathDirection.Send) && peer.HasFlag(AddPathDirection.Receive))
            {
                send |= flag;
            }
        }

        return (receive, send);
    }

    private static void CheckRequiredCapabilities(OpenMessage ours, OpenMessage theirs, IReadOnlyList<CapabilityCode> required)
    {
        var missing = required.Distinct().Where(code => !theirs.Capabilities.Any(c => c.Code == code)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        // RFC 5492 §5: each capability "encoded in the same way as it would be encoded in the OPEN
        // message": ours where we sent it, else the bare code with length 0.
        var data = new List<byte>();
        foreach (var code in missing)
        {
            var sent = ours.Capabilities.Where(c => c.Code == code).ToArray();
            if (sent.Length == 0)
            {
                data.Add((byte)code);
                data.Add(0);
                continue;
            }

            foreach (var capability in sent)
            {
                var tlv = new byte[capability.EncodedLength];
                tlv[0] = (byte)capability.Code;
                tlv[1] = (byte)capability.ValueLength;
                capability.WriteValue(tlv.AsSpan(Capability.HeaderLength));
                data.AddRange(tlv);
            }
        }

        throw BgpErrors.UnsupportedCapability(data.ToArray(),
            $"peer did not offer required capabilities {string.Join(", ", missing)}");
    }

    private static bool Both<T>(OpenMessage ours, OpenMessage theirs)
        where T : Capability => ours.Capabilities.Has<T>() && theirs.Capabilities.Has<T>();
}
