using Xunit;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Tests.Attributes;

namespace Bgp.Protocol.Tests.Update;

/// <summary>Random and mutated bytes may only produce BgpNotificationException or an RFC 7606 action.</summary>
public sealed class UpdateFuzzTests
{
    private static readonly DecodeContext[] Contexts =
    [
        new(),
        new() { FourOctetAs = true, IsExternalPeer = true },
        new() { FourOctetAs = true, AddPathReceive = AddressFamilySet.All, ExtendedMessages = true },
    ];

    [Fact]
    public void RandomBytes_OnlyEverThrowBgpNotificationException()
    {
        var random = new Random(7606);
        for (var i = 0; i < 20_000; i++)
        {
            var body = new byte[random.Next(0, 160)];
            random.NextBytes(body);
            if (body.Length >= 4 && random.Next(2) == 0)
            {
                // Make the length fields plausible so the attribute decoders get exercised.
                var withdrawn = random.Next(0, Math.Min(8, body.Length - 4));
                body[0] = 0;
                body[1] = (byte)withdrawn;
                var attributes = body.Length - 4 - withdrawn - random.Next(0, 4);
                body[2 + withdrawn] = (byte)(Math.Max(0, attributes) >> 8);
                body[3 + withdrawn] = (byte)Math.Max(0, attributes);
            }

            Exercise(body, Contexts[i % Contexts.Length]);
        }
    }

    [Fact]
    public void MutatedValidUpdates_OnlyEverThrowBgpNotificationException()
    {
        var random = new Random(4271);
        var update = new UpdateMessage
        {
            Attributes = AttributeSamples.Full(),
            Nlri = [UpdateBodies.V4("10.0.0.0/24"), UpdateBodies.V4("10.1.0.0/16")],
        };
        var valid = UpdateBodies.BodyOf(BgpMessageWriter.ToArray(update, UpdateBodies.Encode4));
        for (var i = 0; i < 20_000; i++)
        {
            var body = (byte[])valid.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            Exercise(body.AsSpan(0, random.Next(body.Length - 8, body.Length + 1)).ToArray(), Contexts[i % Contexts.Length]);
        }
    }

    private static void Exercise(byte[] body, DecodeContext context)
    {
        try
        {
            var update = UpdateMessage.Decode(body, context);
            Assert.True(update.Action < Rfc7606Action.AfiSafiDisable || update.Notification is not null);
            update.IsEndOfRib(out _);
            var reencoded = BgpMessageWriter.ToArray(update, new EncodeContext { FourOctetAs = context.FourOctetAs, ExtendedMessages = true, AddPathSend = context.AddPathReceive });
            Assert.NotEmpty(reencoded);
        }
        catch (BgpNotificationException)
        {
        }

        try
        {
            var view = UpdateView.Parse(body, context);
            foreach (var entry in view.Nlri)
            {
                _ = entry;
            }

            foreach (var entry in view.WithdrawnRoutes)
            {
                _ = entry;
            }

            foreach (var attribute in view.Attributes)
            {
                _ = attribute.Value.Length;
            }

            if (view.TryGetMpReach(out var reach, out var status) && status <= MpParseStatus.UnsupportedFamily)
            {
                reach.TryGetNextHop(out _);
                foreach (var entry in reach.Nlri)
                {
                    _ = entry;
                }
            }

            if (view.TryGetMpUnreach(out var unreach, out status) && status <= MpParseStatus.UnsupportedFamily)
            {
                foreach (var entry in unreach.WithdrawnRoutes)
                {
                    _ = entry;
                }
            }

            view.IsEndOfRib(out _);
        }
        catch (BgpNotificationException)
        {
        }
    }
}
