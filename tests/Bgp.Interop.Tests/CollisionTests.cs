using System.Net;
using Bgp.Protocol;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Configuration;
using Bgp.Speaker.Fsm;
using Bgp.Speaker.Sessions;
using Bgp.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Interop.Tests;

/// <summary>
/// RFC 4271 §6.8 connection collision, made deterministic with a raw peer in both roles: it
/// accepts the speaker's outgoing connection (the peer's configured address and port) and connects
/// to the speaker's listener from that same address, so the speaker holds two connections to one
/// peer, both in OpenSent. The raw peer then sends the same OPEN on both. "Retain only the
/// connection initiated by the BGP speaker with the higher-valued BGP Identifier"; the other one
/// gets Cease / Connection Collision Resolution (RFC 4486 §4: 6/7) and is closed.
/// </summary>
/// <remarks>
/// Needs only loopback sockets, no daemons, so these are plain facts (never skipped).
/// </remarks>
[Trait("Category", "Interop")]
public sealed class CollisionTests(ITestOutputHelper output)
{
    private const string PeerName = "collider";
    private const uint LocalAs = 65001;
    private const uint RawPeerAs = 65002;
    private const ushort HoldTimeSeconds = 9;

    /// <summary>Per test (xunit abandons the test after it).</summary>
    private const int TestTimeoutMilliseconds = 15_000;

    /// <summary>
    /// 200.0.0.1: above every 127/8 router ID and negative as a signed 32-bit integer, so a signed
    /// comparison would pick the wrong connection (RFC 4271 §6.8: "4-octet unsigned integers").
    /// </summary>
    private const uint HigherIdentifier = 0xC800_0001;

    /// <summary>10.0.0.1: below every 127/8 router ID.</summary>
    private const uint LowerIdentifier = 0x0A00_0001;

    private static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(HoldTimeSeconds);

    /// <summary>RFC 4271 §10: a third of the hold time.</summary>
    private static readonly TimeSpan KeepaliveInterval = HoldTime / 3;

    /// <summary>Bound on any single exchange on loopback.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    /// <summary>How long the speaker's first reaction to a lone OPEN is watched for on another connection.</summary>
    private static readonly TimeSpan Probe = TimeSpan.FromMilliseconds(500);

    /// <summary>Case 1: the raw peer's identifier is higher, so the connection it initiated survives.</summary>
    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task HigherPeerIdentifier_PeerInitiatedConnectionSurvives()
    {
        await using var collision = await Collision.StartAsync(output);
        var open = RawBgpMessages.Open(RawPeerAs, HoldTimeSeconds, HigherIdentifier);

        await collision.SpeakerInitiated.SendAsync(open);
        await collision.PeerInitiated.SendAsync(open);

        await ExpectCollisionCeaseAndCloseAsync(collision, collision.SpeakerInitiated, "the speaker-initiated connection");
        await ExpectKeepaliveAsync(collision, collision.PeerInitiated);
        await EstablishAndHoldAsync(collision, collision.PeerInitiated, HigherIdentifier);
    }

    /// <summary>Case 2: the raw peer's identifier is lower, so the connection the speaker initiated survives.</summary>
    [Fact(Timeout = TestTimeoutMilliseconds)]
    public async Task LowerPeerIdentifier_SpeakerInitiatedConnectionSurvives()
    {
        await using var collision = await Collision.StartAsync(output);
        var open = RawBgpMessages.Open(RawPeerAs, HoldTimeSeconds, LowerIdentifier);

        await collision.SpeakerInitiated.SendAsync(open);
        await collision.PeerInitiated.SendAsync(open);

        await ExpectCollisionCeaseAndCloseAsync(collision, collision.PeerInitiated, "the peer-initiated connection");
        await ExpectKeepaliveAsync(collision, collision.SpeakerInitiated);
        await EstablishAndHoldAsync(collision, collision.SpeakerInitiated, LowerIdentifier);
    }

    public static TheoryData<bool, bool> StaggeredCases => new()
    {
        // peer identifier higher, first OPEN on the connection that must survive
        { true, true },
        { true, false },
        { false, true },
        { false, false },
    };

    /// <summary>
    /// Case 3: the OPEN arrives on one connection while the other is still in OpenSent; the second
    /// OPEN follows later. RFC 4271 §6.8: "Upon receipt of an OPEN message, the local system MUST
    /// examine all of its connections that are in the OpenConfirm state" and MAY examine those in
    /// OpenSent "if it knows the BGP Identifier of the peer by means outside of the protocol".
    /// So the collision must be resolved, for the right connection, by the time the second OPEN
    /// has arrived (against the first connection, then in OpenConfirm); resolving already on the
    /// first OPEN is the MAY. What is asserted: the connection that must survive is never closed
    /// and reaches Established, the other gets 6/7 and is closed. When the speaker resolved is
    /// written to the test output.
    /// </summary>
    [Theory(Timeout = TestTimeoutMilliseconds)]
    [MemberData(nameof(StaggeredCases))]
    public async Task OpenWhileOtherInOpenSent_ResolvedByTheSecondOpen(bool peerIdentifierHigher, bool firstOpenOnSurvivor)
    {
        await using var collision = await Collision.StartAsync(output);
        var identifier = peerIdentifierHigher ? HigherIdentifier : LowerIdentifier;
        var open = RawBgpMessages.Open(RawPeerAs, HoldTimeSeconds, identifier);
        var survivor = peerIdentifierHigher ? collision.PeerInitiated : collision.SpeakerInitiated;
        var loser = peerIdentifierHigher ? collision.SpeakerInitiated : collision.PeerInitiated;
        var first = firstOpenOnSurvivor ? survivor : loser;
        var second = firstOpenOnSurvivor ? loser : survivor;

        await first.SendAsync(open);
        var reply = await first.ReceiveAsync(Step);
        Assert.True(reply is not null, "the speaker closed the connection that received the first OPEN\n" + collision.Describe());
        bool resolvedOnFirstOpen;
        bool survivorKeepaliveSeen = false;
        if (firstOpenOnSurvivor)
        {
            // RFC 4271 §8.2.2 OpenSent, Event 19: KEEPALIVE and OpenConfirm; nothing may close the survivor.
            Assert.True(reply.Type == BgpMessageType.Keepalive, $"expected a KEEPALIVE after the OPEN, received {reply}\n{collision.Describe()}");
            survivorKeepaliveSeen = true;
            resolvedOnFirstOpen = await ProbeNotificationAsync(loser);
        }
        else if (reply.Type == BgpMessageType.Notification)
        {
            // The MAY of §6.8: the other connection was in OpenSent and already counted.
            AssertCollisionCease(reply, collision, "the connection that received the first OPEN");
            Assert.True(await loser.WaitClosedAsync(Step), "the speaker did not close the losing connection after 6/7");
            resolvedOnFirstOpen = true;
        }
        else
        {
            Assert.True(reply.Type == BgpMessageType.Keepalive, $"expected a KEEPALIVE or 6/7 after the OPEN, received {reply}\n{collision.Describe()}");
            resolvedOnFirstOpen = false;
        }

        output.WriteLine(resolvedOnFirstOpen
            ? "the speaker resolved the collision on the first OPEN (§6.8 MAY: the other connection was in OpenSent)"
            : "the speaker resolved the collision on the second OPEN (§6.8 MUST: the other connection was in OpenConfirm)");

        // A real peer sends its second OPEN unless that connection is already gone.
        if (!(resolvedOnFirstOpen && ReferenceEquals(second, loser)))
        {
            await SendIgnoringCloseAsync(second, open);
        }

        // Otherwise the 6/7 on the loser was read above.
        if (!resolvedOnFirstOpen)
        {
            await ExpectCollisionCeaseAndCloseAsync(collision, loser, "the losing connection");
        }

        if (!survivorKeepaliveSeen)
        {
            await ExpectKeepaliveAsync(collision, survivor);
        }

        await EstablishAndHoldAsync(collision, survivor, identifier);
    }

    public static TheoryData<bool> PeerIdentifierHigher => [true, false];

    /// <summary>
    /// Case 4, the MUST of RFC 4271 §6.8 on its own: the OPEN exchange on the speaker's connection
    /// is done (OpenConfirm) before the raw peer connects; the OPEN on the new connection must be
    /// checked against the one in OpenConfirm. Higher peer identifier: the connection in
    /// OpenConfirm is closed with 6/7 and the new one continues; lower: the new one is closed.
    /// </summary>
    [Theory(Timeout = TestTimeoutMilliseconds)]
    [MemberData(nameof(PeerIdentifierHigher))]
    public async Task SecondConnectionAfterOpenConfirm_ResolvedOnItsOpen(bool peerIdentifierHigher)
    {
        var identifier = peerIdentifierHigher ? HigherIdentifier : LowerIdentifier;
        var open = RawBgpMessages.Open(RawPeerAs, HoldTimeSeconds, identifier);
        await using var collision = await Collision.StartAsync(output, firstConnectionOpen: open);
        var survivor = peerIdentifierHigher ? collision.PeerInitiated : collision.SpeakerInitiated;
        var loser = peerIdentifierHigher ? collision.SpeakerInitiated : collision.PeerInitiated;

        await collision.PeerInitiated.SendAsync(open);

        await ExpectCollisionCeaseAndCloseAsync(collision, loser, peerIdentifierHigher ? "the connection in OpenConfirm" : "the new connection");
        if (peerIdentifierHigher)
        {
            await ExpectKeepaliveAsync(collision, survivor);
        }

        await EstablishAndHoldAsync(collision, survivor, identifier);
    }

    /// <summary>
    /// KEEPALIVE on the survivor: OpenConfirm → Established (RFC 4271 §8.2.2, Event 26). Then two
    /// keepalive intervals with KEEPALIVEs both ways (and End-of-RIB from the speaker): still Established, only once, the survivor open.
    /// </summary>
    private async Task EstablishAndHoldAsync(Collision collision, RawBgpPeer survivor, uint identifier)
    {
        await survivor.SendAsync(RawBgpMessages.Keepalive());
        await collision.Speaker.WaitEstablishedAsync(PeerName, Step);

        var keepalives = 0;
        var deadline = DateTime.UtcNow + (2 * KeepaliveInterval) + (KeepaliveInterval / 2);
        while (DateTime.UtcNow < deadline)
        {
            ReceivedBgpMessage? message;
            try
            {
                message = await survivor.ReceiveAsync(deadline - DateTime.UtcNow);
            }
            catch (TimeoutException)
            {
                break;
            }

            Assert.True(message is not null, "the speaker closed the surviving connection\n" + collision.Describe());
            if (message.Type == BgpMessageType.Update)
            {
                // The speaker holds no routes: its initial table is only End-of-RIB (RFC 4724 §2).
                var update = UpdateView.Parse(message.Body, new DecodeContext { FourOctetAs = true });
                Assert.True(update.IsEndOfRib(out _), $"unexpected UPDATE (not End-of-RIB) on the surviving connection\n{collision.Describe()}");
                continue;
            }

            Assert.True(message.Type == BgpMessageType.Keepalive, $"unexpected {message} on the surviving connection\n{collision.Describe()}");
            keepalives++;
            await survivor.SendAsync(RawBgpMessages.Keepalive());
        }

        var status = collision.Speaker.Status(PeerName);
        output.WriteLine($"survivor: {keepalives} KEEPALIVEs in two intervals; {collision.Describe()}");
        Assert.True(status is { State: SessionState.Established, EstablishedTransitions: 1 }, collision.Describe());
        Assert.Equal(LocalSpeaker.ToAddress(identifier), status.PeerRouterId);
        Assert.True(keepalives >= 2, $"only {keepalives} KEEPALIVEs from the speaker in two keepalive intervals\n{collision.Describe()}");
    }

    private static async Task ExpectCollisionCeaseAndCloseAsync(Collision collision, RawBgpPeer loser, string which)
    {
        var notification = await loser.ReceiveNotificationAsync(Step);
        Assert.True(notification is not null, $"{which} closed without a NOTIFICATION\n{collision.Describe()}");
        AssertCollisionCease(notification, collision, which);
        Assert.True(await loser.WaitClosedAsync(Step), $"the speaker did not close {which} after 6/7\n{collision.Describe()}");
    }

    private static void AssertCollisionCease(ReceivedBgpMessage message, Collision collision, string which)
    {
        var notification = message.AsNotification();
        Assert.True(notification.Code == NotificationCode.Cease && notification.Subcode == (byte)CeaseSubcode.ConnectionCollisionResolution,
            $"{which}: expected Cease / Connection Collision Resolution (6/7), received {notification}\n{collision.Describe()}");
    }

    private static async Task ExpectKeepaliveAsync(Collision collision, RawBgpPeer survivor)
    {
        var message = await survivor.ReceiveAsync(Step);
        Assert.True(message is { Type: BgpMessageType.Keepalive },
            $"expected a KEEPALIVE on the surviving connection, received {message?.ToString() ?? "a close"}\n{collision.Describe()}");
    }

    /// <summary>True when a 6/7 arrives within <see cref="Probe"/> (then the connection must close too).</summary>
    private static async Task<bool> ProbeNotificationAsync(RawBgpPeer connection)
    {
        ReceivedBgpMessage? message;
        try
        {
            message = await connection.ReceiveAsync(Probe);
        }
        catch (TimeoutException)
        {
            return false;
        }

        Assert.True(message is { Type: BgpMessageType.Notification }, $"expected nothing or a NOTIFICATION, received {message?.ToString() ?? "a close"}");
        var notification = message!.AsNotification();
        Assert.Equal((NotificationCode.Cease, (byte)CeaseSubcode.ConnectionCollisionResolution), (notification.Code, notification.Subcode));
        Assert.True(await connection.WaitClosedAsync(Step), "the speaker did not close the connection after 6/7");
        return true;
    }

    /// <summary>Sends on a connection the speaker may be closing at that moment (the losing one).</summary>
    private static async Task SendIgnoringCloseAsync(RawBgpPeer connection, byte[] message)
    {
        try
        {
            await connection.SendAsync(message);
        }
        catch (IOException)
        {
            // Already reset by the speaker; its NOTIFICATION (if any) is still read below.
        }
    }

    /// <summary>The speaker with one mode-both peer and the raw peer holding both of its connections, each past the speaker's OPEN.</summary>
    private sealed class Collision : IAsyncDisposable
    {
        private Collision(SpeakerUnderTest speaker, RawBgpPeer speakerInitiated, RawBgpPeer peerInitiated)
        {
            Speaker = speaker;
            SpeakerInitiated = speakerInitiated;
            PeerInitiated = peerInitiated;
        }

        public SpeakerUnderTest Speaker { get; }

        /// <summary>The speaker's outgoing connection, accepted by the raw peer.</summary>
        public RawBgpPeer SpeakerInitiated { get; }

        /// <summary>The raw peer's connection to the speaker's listener.</summary>
        public RawBgpPeer PeerInitiated { get; }

        public string Describe() => Speaker.Describe(PeerName);

        /// <summary>
        /// With <paramref name="firstConnectionOpen"/>, the raw peer completes the OPEN exchange on
        /// the speaker's connection (the speaker answers with KEEPALIVE, OpenConfirm) before it connects.
        /// </summary>
        public static async Task<Collision> StartAsync(ITestOutputHelper output, byte[]? firstConnectionOpen = null)
        {
            var addresses = new LoopbackAddresses();
            var speakerAddress = addresses.Next();
            var rawAddress = addresses.Next();
            var rawPort = LoopbackAddresses.FreePort(rawAddress);
            var peer = new PeerOptions
            {
                Name = PeerName,
                Address = rawAddress,
                Port = rawPort,
                RemoteAs = RawPeerAs,
                Mode = ConnectionMode.Both,
                SourceAddress = speakerAddress,
                HoldTime = HoldTime,
                ConnectRetryTime = SessionTopology.ConnectRetry,
                ConnectRetryJitter = 0,
            };

            // Listening before the speaker starts (AcceptOneAsync binds before its first await), so
            // the speaker's first connect succeeds and its connection is the first one, deterministically.
            var accepting = RawBgpPeer.AcceptOneAsync(new IPEndPoint(rawAddress, rawPort), Step);
            var speaker = await SpeakerUnderTest.StartAsync(SpeakerUnderTest.OptionsOn(speakerAddress, LocalAs, peer), output);
            RawBgpPeer? speakerInitiated = null;
            RawBgpPeer? peerInitiated = null;
            try
            {
                speakerInitiated = await accepting;
                await ExpectSpeakerOpenAsync(speaker, speakerInitiated, speakerAddress);
                var firstState = SessionState.OpenSent;
                if (firstConnectionOpen is not null)
                {
                    await speakerInitiated.SendAsync(firstConnectionOpen);
                    var keepalive = await speakerInitiated.ReceiveAsync(Step);
                    Assert.True(keepalive is { Type: BgpMessageType.Keepalive },
                        $"expected a KEEPALIVE after the OPEN, received {keepalive?.ToString() ?? "a close"}\n{speaker.Describe(PeerName)}");
                    firstState = SessionState.OpenConfirm;
                }

                // The second connection reaches the speaker while the first is in OpenSent (or
                // OpenConfirm): tracked per RFC 4271 §8.2.2 (Events 14/16/17), answered with an OPEN.
                peerInitiated = await RawBgpPeer.ConnectAsync(rawAddress, new IPEndPoint(speakerAddress, speaker.Port), Step);
                await ExpectSpeakerOpenAsync(speaker, peerInitiated, speakerAddress);
                Assert.Equal(firstState, speaker.Status(PeerName).State);
                return new Collision(speaker, speakerInitiated, peerInitiated);
            }
            catch
            {
                if (peerInitiated is not null)
                {
                    await peerInitiated.DisposeAsync();
                }

                if (speakerInitiated is not null)
                {
                    await speakerInitiated.DisposeAsync();
                }

                await speaker.DisposeAsync();
                throw;
            }
        }

        private static async Task ExpectSpeakerOpenAsync(SpeakerUnderTest speaker, RawBgpPeer connection, IPAddress speakerAddress)
        {
            var message = await connection.ReceiveAsync(Step);
            Assert.True(message is { Type: BgpMessageType.Open }, $"expected the speaker's OPEN, received {message?.ToString() ?? "a close"}\n{speaker.Describe(PeerName)}");
            var open = message!.AsOpen();
            Assert.Equal(HarnessSelfTests.BgpId(speakerAddress), open.BgpIdentifier);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Speaker.DisposeAsync();
            }
            finally
            {
                await SpeakerInitiated.DisposeAsync();
                await PeerInitiated.DisposeAsync();
            }
        }
    }
}
