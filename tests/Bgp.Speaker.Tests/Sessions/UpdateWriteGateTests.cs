using System.IO.Pipelines;
using Bgp.Protocol;
using Bgp.Protocol.Framing;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Speaker.Sessions;
using Bgp.Speaker.Transport;
using Xunit;
using static Bgp.Speaker.Tests.Sessions.SessionTestKit;

namespace Bgp.Speaker.Tests.Sessions;

/// <summary>The process-wide bound on connections writing UPDATEs at once, and a writer waiting for it.</summary>
public sealed class UpdateWriteGateTests
{
    [Fact]
    public void Slots_AreGrantedInArrivalOrder_AndAGoneWaiterPassesItsSlotOn()
    {
        var gate = new UpdateWriteGate(1);
        var granted = new List<string>();
        Assert.True(gate.TryEnterOrQueue(() => throw new InvalidOperationException("a free slot is taken at once")));
        Assert.False(gate.TryEnterOrQueue(() => { granted.Add("gone"); return false; }));
        Assert.False(gate.TryEnterOrQueue(() => { granted.Add("first"); return true; }));
        Assert.False(gate.TryEnterOrQueue(() => { granted.Add("second"); return true; }));

        gate.Exit();
        Assert.Equal(["gone", "first"], granted);
        Assert.Equal(0, gate.Free);

        gate.Exit();
        Assert.Equal(["gone", "first", "second"], granted);
        gate.Exit();
        Assert.Equal(1, gate.Free);
    }

    [Fact]
    public async Task WriterWithoutASlot_StillWritesAKeepaliveAtOnce_AndItsUpdatesOnceGranted()
    {
        var gate = new UpdateWriteGate(1);
        Assert.True(gate.TryEnterOrQueue(() => true)); // another connection holds the only slot
        var (ours, far) = Pair();
        var connection = new PeerConnection(ours, outgoing: true, NewTime(), _ => { }, delays: null, gate);
        await using (connection)
        {
            connection.Start();
            var outlet = connection.GetOutlet(_ => { });
            var update = BgpMessageWriter.ToArray(UpdateMessage.EndOfRib(AddressFamily.Ipv4Unicast), default);
            Assert.True(outlet.Enqueue(update));

            connection.Send(KeepaliveMessage.Instance, default);
            Assert.Equal(BgpMessageType.Keepalive, await ReadTypeAsync(far));
            Assert.True(outlet.HasPending, "no UPDATE without a slot");

            gate.Exit();
            Assert.Equal(BgpMessageType.Update, await ReadTypeAsync(far));
            await WaitUntilAsync(() => gate.Free == 1, "the slot given back after the round");
        }
    }

    private static async Task<BgpMessageType> ReadTypeAsync(BgpTransportConnection far)
    {
        using var timeout = new CancellationTokenSource(RealTimeout);
        var input = far.Pipe.Input;
        while (true)
        {
            var result = await input.ReadAsync(timeout.Token);
            var buffer = result.Buffer;
            if (BgpFramer.TryReadMessage(ref buffer, BgpConstants.MaxMessageLength, out var header, out _))
            {
                input.AdvanceTo(buffer.Start);
                return header.Type;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            Assert.False(result.IsCompleted, "the connection closed");
        }
    }
}
