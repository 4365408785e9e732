using System.Buffers.Binary;
using System.Diagnostics;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Tests.Capture;
using Xunit;
using Xunit.Abstractions;

namespace Bgp.Protocol.Tests.Fuzz;

/// <summary>
/// The codec's contract under hostile input, checked over random and mutated messages for a
/// fixed time: decoding yields a message (an UPDATE possibly carrying an RFC 7606 action) or a
/// <see cref="BgpNotificationException"/> with a defined code; never another exception, never a
/// hang, and never an allocation that a length field, rather than the octets received, decides.
/// Seeds are the messages captured from BIRD 2 and GoBGP, so mutations stay near real traffic.
/// </summary>
public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    // Bounded in time so CI stays fast; BGP_FUZZ_SECONDS runs it longer by hand.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("BGP_FUZZ_SECONDS"), out var seconds) ? seconds : 15);

    // A decode that has not returned in this long is a hang, whatever the machine's load.
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(5);

    // The owned decode builds one small object per NLRI and attribute: its allocation grows with
    // the octets received (an NLRI is at least one octet, an NlriEntry 24 bytes, a List doubles),
    // plus a fixed overhead. Anything beyond this means a length field decided an allocation.
    private const int AllocationPerInputOctet = 96;
    private const int AllocationOverhead = 64 * 1024;

    private static readonly DecodeContext[] Contexts =
    [
        default,
        new() { FourOctetAs = true, IsExternalPeer = true },
        new() { FourOctetAs = true, ExtendedMessages = true, AddPathReceive = AddressFamilySet.All },
    ];

    [Fact]
    public async Task RandomAndMutatedMessages_DecodeToMessageOrNotificationOnly()
    {
        var seeds = CapturedVectors.Load().Select(v => v.Bytes).ToArray();
        Assert.NotEmpty(seeds);

        var run = Task.Run(() => Fuzz(seeds, new Random(20261124)));
        var finished = await Task.WhenAny(run, Task.Delay(Budget + HangLimit + HangLimit));
        Assert.True(finished == run, $"the fuzz loop did not finish within {Budget + HangLimit + HangLimit}: a decode hangs");

        var stats = await run;
        output.WriteLine($"{stats.Inputs} inputs in {Budget.TotalSeconds} s: {stats.Messages} messages " +
            $"({stats.Rfc7606} with an RFC 7606 action), {stats.Notifications} NOTIFICATIONs, " +
            $"largest allocation {stats.MaxAllocationRatio:F1} bytes per input octet");
        Assert.True(stats.Inputs > 1000, $"only {stats.Inputs} inputs were tried");
        Assert.True(stats.Messages > 0 && stats.Notifications > 0, "the mutations should reach both outcomes");
    }

    private static FuzzStats Fuzz(byte[][] seeds, Random random)
    {
        var stats = new FuzzStats();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Budget)
        {
            var input = NextInput(seeds, random);
            var context = Contexts[random.Next(Contexts.Length)];
            var started = clock.Elapsed;
            Check(input, context, stats);
            var took = clock.Elapsed - started;
            Assert.True(took < HangLimit, $"decoding took {took} for {Convert.ToHexString(input)}");
            stats.Inputs++;
        }

        return stats;
    }

    private static void Check(byte[] input, in DecodeContext context, FuzzStats stats)
    {
        try
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var message = BgpMessageDecoder.Decode(input, context);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.True(allocated <= (long)AllocationPerInputOctet * input.Length + AllocationOverhead,
                $"{allocated} bytes allocated for a {input.Length}-octet {message.Type}: {Convert.ToHexString(input)}");
            stats.MaxAllocationRatio = Math.Max(stats.MaxAllocationRatio, (double)allocated / input.Length);
            stats.Messages++;

            if (message is UpdateMessage update)
            {
                Assert.True(Enum.IsDefined(update.Action), $"undefined RFC 7606 action {update.Action}");
                Assert.Equal(update.Action == Rfc7606Action.SessionReset || update.Action == Rfc7606Action.AfiSafiDisable,
                    update.Notification is not null);
                if (update.Action != Rfc7606Action.None)
                {
                    stats.Rfc7606++;
                }

                WalkView(input.AsSpan(BgpConstants.HeaderLength), context);
            }
        }
        catch (BgpNotificationException notification)
        {
            Assert.True(Enum.IsDefined(notification.Code), $"undefined NOTIFICATION code {notification.Code}");
            stats.Notifications++;
        }
        catch (Exception other)
        {
            Assert.Fail($"{other.GetType().Name} for {Convert.ToHexString(input)} under {context}: {other}");
        }
    }

    // The hot path: the view and its enumerators must not allocate, whatever the bytes.
    private static void WalkView(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        var (allocated, count) = WalkAndMeasure(body, context);
        if (allocated != 0)
        {
            // The runtime itself may allocate once on this thread (tiering, under load); a view
            // that allocates does it again on the same bytes.
            (allocated, count) = WalkAndMeasure(body, context);
        }

        Assert.True(allocated == 0, $"the UPDATE view allocated {allocated} bytes ({count} walked)");
    }

    private static (long Allocated, int Count) WalkAndMeasure(ReadOnlySpan<byte> body, in DecodeContext context)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var view = UpdateView.Parse(body, context);
        var count = 0;
        foreach (var entry in view.WithdrawnRoutes)
        {
            count += entry.Prefix.Length;
        }

        foreach (var entry in view.Nlri)
        {
            count += entry.Prefix.Length;
        }

        foreach (var attribute in view.Attributes)
        {
            count += attribute.Value.Length;
        }

        if (view.TryGetMpReach(out var reach, out var status) && status == MpParseStatus.Ok)
        {
            foreach (var entry in reach.Nlri)
            {
                count += entry.Prefix.Length;
            }
        }

        if (view.TryGetMpUnreach(out var unreach, out status) && status == MpParseStatus.Ok)
        {
            foreach (var entry in unreach.WithdrawnRoutes)
            {
                count += entry.Prefix.Length;
            }
        }

        _ = view.IsEndOfRib(out _);
        return (GC.GetAllocatedBytesForCurrentThread() - before, count);
    }

    private static byte[] NextInput(byte[][] seeds, Random random)
    {
        var seed = seeds[random.Next(seeds.Length)];
        return random.Next(6) switch
        {
            0 => FlipOctets(seed, random),
            1 => ResizeBody(seed, random),
            2 => OverwriteRange(seed, random),
            3 => RandomBody((BgpMessageType)random.Next(1, 6), random),
            4 => Splice(seed, seeds[random.Next(seeds.Length)], random),
            _ => RandomOctets(random),
        };
    }

    private static byte[] FlipOctets(byte[] seed, Random random)
    {
        var copy = (byte[])seed.Clone();
        var flips = random.Next(1, 4);
        for (var i = 0; i < flips; i++)
        {
            // Mostly past the marker, so the mutation reaches the message decoders.
            var index = random.Next(copy.Length > BgpConstants.MarkerLength && random.Next(8) > 0 ? BgpConstants.MarkerLength : 0, copy.Length);
            copy[index] ^= (byte)random.Next(1, 256);
        }

        return copy;
    }

    private static byte[] ResizeBody(byte[] seed, Random random)
    {
        var length = Math.Clamp(seed.Length + random.Next(-16, 17), BgpConstants.HeaderLength, BgpConstants.ExtendedMaxMessageLength);
        var copy = new byte[length];
        seed.AsSpan(0, Math.Min(seed.Length, length)).CopyTo(copy);
        random.NextBytes(copy.AsSpan(Math.Min(seed.Length, length)));
        SetLength(copy);
        return copy;
    }

    private static byte[] OverwriteRange(byte[] seed, Random random)
    {
        var copy = (byte[])seed.Clone();
        if (copy.Length > BgpConstants.HeaderLength)
        {
            var start = random.Next(BgpConstants.HeaderLength, copy.Length);
            random.NextBytes(copy.AsSpan(start, random.Next(1, copy.Length - start + 1)));
        }

        return copy;
    }

    private static byte[] Splice(byte[] first, byte[] second, Random random)
    {
        var cut = random.Next(BgpConstants.HeaderLength, Math.Max(BgpConstants.HeaderLength + 1, first.Length));
        var from = random.Next(BgpConstants.HeaderLength, Math.Max(BgpConstants.HeaderLength + 1, second.Length));
        var spliced = first.AsSpan(0, Math.Min(cut, first.Length)).ToArray().Concat(second.AsSpan(Math.Min(from, second.Length)).ToArray()).ToArray();
        if (spliced.Length > BgpConstants.ExtendedMaxMessageLength)
        {
            spliced = spliced[..BgpConstants.ExtendedMaxMessageLength];
        }

        SetLength(spliced);
        return spliced;
    }

    private static byte[] RandomBody(BgpMessageType type, Random random)
    {
        var message = new byte[BgpConstants.HeaderLength + random.Next(0, 200)];
        random.NextBytes(message.AsSpan(BgpConstants.HeaderLength));
        BgpMessageHeader.Write(message, message.Length, type);
        return message;
    }

    private static byte[] RandomOctets(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void SetLength(byte[] message) =>
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(BgpConstants.MarkerLength), (ushort)message.Length);

    private sealed class FuzzStats
    {
        public long Inputs { get; set; }
        public long Messages { get; set; }
        public long Rfc7606 { get; set; }
        public long Notifications { get; set; }
        public double MaxAllocationRatio { get; set; }
    }
}
