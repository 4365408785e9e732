using System.Buffers.Binary;
using System.Diagnostics;
using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;

namespace Bgp.E2e;

/// <summary>
/// The monitor client's view of what the reflector sent it, read zero-copy with
/// <see cref="UpdateView"/>: one state byte per expected prefix (announce sets, withdraw clears),
/// so the count of held routes is exact at any moment. Each announced route is also checked
/// against what reflection must preserve or add (RFC 4456 §8): NEXT_HOP of the owning tester,
/// ORIGINATOR_ID of the owning tester, and our cluster ID in CLUSTER_LIST. A route that fails is
/// held as "bad"; a prefix that is not one of ours is counted as unexpected. A tester's own view
/// (scale run) expects every other tester's routes; its own, if a reflector sends them back, are
/// counted as echoed and not held (the client would drop them on ORIGINATOR_ID, RFC 4456 §8).
/// </summary>
internal sealed class RouteMonitor
{
    private const byte Absent = 0;
    private const byte Good = 1;
    private const byte Bad = 2;
    private const int Ipv4Length = BgpConstants.Ipv4Bytes;

    private readonly Addressing _addressing;
    private readonly byte[] _state;
    private readonly uint[] _originators;
    private readonly uint _clusterId = Addressing.ClusterIdValue;
    private readonly TaskCompletionSource<long> _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _self;
    private int _held;
    private int _bad;

    /// <summary>The monitor's view: all P×M routes expected.</summary>
    public RouteMonitor(Addressing addressing)
        : this(addressing, NoTester, addressing.Originators)
    {
    }

    /// <summary>
    /// Tester <paramref name="self"/>'s view: every route but its own expected. <paramref name="originators"/>
    /// is <see cref="Addressing.Originators"/>, shared by all views.
    /// </summary>
    public RouteMonitor(Addressing addressing, int self, uint[] originators)
    {
        _addressing = addressing;
        _self = self;
        Expected = self == NoTester ? addressing.TotalPrefixes : addressing.TotalPrefixes - addressing.PrefixesPerTester;
        _state = new byte[addressing.TotalPrefixes];
        _originators = originators;
    }

    private const int NoTester = -1;

    /// <summary>How many routes this view must hold: P×M for the monitor, P×M − M for a tester.</summary>
    public int Expected { get; }

    /// <summary>The tester's own routes sent back to it (RFC 4456 lets a reflector do so).</summary>
    public long Echoed { get; private set; }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which all expected routes were held.</summary>
    public Task<long> Complete => _complete.Task;

    public int Held => Volatile.Read(ref _held);

    public int BadRoutes => Volatile.Read(ref _bad);

    public long Unexpected { get; private set; }

    public long Announcements { get; private set; }

    public long Withdrawals { get; private set; }

    public long Updates { get; private set; }

    /// <summary>The first reason a route was bad, for the report.</summary>
    public string? FirstProblem { get; private set; }

    public void OnUpdate(ReadOnlySpan<byte> body)
    {
        Updates++;
        var view = UpdateView.Parse(body, BgpConnection.DecodeContext);
        foreach (var entry in view.WithdrawnRoutes)
        {
            Withdraw(entry.Prefix.AddressBits, entry.Prefix.Length);
        }

        uint? nextHop = null;
        uint? originator = null;
        var clusterListed = false;
        foreach (var attribute in view.Attributes)
        {
            switch (attribute.Type)
            {
                case PathAttributeType.NextHop when attribute.Value.Length == Ipv4Length:
                    nextHop = BinaryPrimitives.ReadUInt32BigEndian(attribute.Value);
                    break;
                case PathAttributeType.OriginatorId when attribute.Value.Length == Ipv4Length:
                    originator = BinaryPrimitives.ReadUInt32BigEndian(attribute.Value);
                    break;
                case PathAttributeType.ClusterList:
                    clusterListed = ContainsCluster(attribute.Value);
                    break;
                case PathAttributeType.MpUnreachNlri:
                    if (MpUnreachView.TryParse(attribute.Value, default, out var unreach) == MpParseStatus.Ok &&
                        unreach.Family == AddressFamily.Ipv4Unicast)
                    {
                        foreach (var entry in unreach.WithdrawnRoutes)
                        {
                            Withdraw(entry.Prefix.AddressBits, entry.Prefix.Length);
                        }
                    }

                    break;
            }
        }

        foreach (var entry in view.Nlri)
        {
            Announce(entry.Prefix.AddressBits, entry.Prefix.Length, nextHop, originator, clusterListed);
        }

        if (view.TryGetMpReach(out var reach, out var status) && status == MpParseStatus.Ok && reach.Family == AddressFamily.Ipv4Unicast)
        {
            uint? mpNextHop = reach.NextHopBytes.Length >= Ipv4Length ? BinaryPrimitives.ReadUInt32BigEndian(reach.NextHopBytes) : null;
            foreach (var entry in reach.Nlri)
            {
                Announce(entry.Prefix.AddressBits, entry.Prefix.Length, mpNextHop, originator, clusterListed);
            }
        }
    }

    private bool ContainsCluster(ReadOnlySpan<byte> value)
    {
        for (var offset = 0; offset + Ipv4Length <= value.Length; offset += Ipv4Length)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(value[offset..]) == _clusterId)
            {
                return true;
            }
        }

        return false;
    }

    private void Announce(UInt128 bits, int length, uint? nextHop, uint? originator, bool clusterListed)
    {
        Announcements++;
        var index = _addressing.IndexOf((uint)bits, length);
        if (index < 0)
        {
            Unexpected++;
            FirstProblem ??= $"unexpected prefix {Addressing.ToText((uint)bits)}/{length}";
            return;
        }

        var owner = _addressing.OwnerOf(index);
        if (owner == _self)
        {
            Echoed++;
            return;
        }

        var problem = nextHop != Addressing.NextHop(owner) ? "NEXT_HOP changed"
            : originator != _originators[owner] ? "ORIGINATOR_ID missing or wrong"
            : !clusterListed ? "cluster ID not in CLUSTER_LIST"
            : null;
        var state = problem is null ? Good : Bad;
        if (problem is not null)
        {
            FirstProblem ??= $"{Addressing.ToText((uint)bits)}/{length}: {problem}";
        }

        var previous = _state[index];
        _state[index] = state;
        if (previous == Bad)
        {
            Interlocked.Decrement(ref _bad);
        }

        if (state == Bad)
        {
            Interlocked.Increment(ref _bad);
        }

        if (previous == Absent && Interlocked.Increment(ref _held) == Expected)
        {
            _complete.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    private void Withdraw(UInt128 bits, int length)
    {
        Withdrawals++;
        var index = _addressing.IndexOf((uint)bits, length);
        if (index < 0 || _state[index] == Absent)
        {
            return;
        }

        if (_state[index] == Bad)
        {
            Interlocked.Decrement(ref _bad);
        }

        _state[index] = Absent;
        Interlocked.Decrement(ref _held);
    }
}
