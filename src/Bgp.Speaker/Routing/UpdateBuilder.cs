using Bgp.Protocol;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// Collects one round of an update group's changes and turns them into UPDATEs: NLRI packed by
/// attribute set (and source, for sender exclusion), withdrawals batched per family, each message
/// encoded once (<see cref="UpdateEncoder"/>, <see cref="UpdatePacker"/>) and the same bytes queued
/// to every member that should get them.
/// </summary>
internal sealed class UpdateBuilder
{
    private readonly Dictionary<(RouteAttributes Attributes, string Source), List<NlriEntry>> _announce = [];
    private readonly Dictionary<(AddressFamily Family, string? Except), List<NlriEntry>> _withdraw = [];
    private readonly Dictionary<(AddressFamily Family, string Only), List<NlriEntry>> _withdrawTo = [];
    private readonly Stack<List<NlriEntry>> _pool = new();
    private readonly byte[] _buffer = new byte[BgpConstants.ExtendedMaxMessageLength];

    public bool IsEmpty => _announce.Count == 0 && _withdraw.Count == 0 && _withdrawTo.Count == 0;

    /// <summary>Messages encoded so far (each one once, however many members get it).</summary>
    public long EncodedMessages { get; private set; }

    /// <summary>Advertise <paramref name="route"/> with <paramref name="attributes"/> to every member but <paramref name="source"/>'s peer.</summary>
    public void Announce(RouteAttributes attributes, RouteSource source, NlriEntry route) =>
        Add(_announce, (attributes, source.Name), route);

    /// <summary>Withdraw <paramref name="route"/> from every member but <paramref name="except"/> (which never got it).</summary>
    public void Withdraw(AddressFamily family, string? except, NlriEntry route) => Add(_withdraw, (family, except), route);

    /// <summary>Withdraw <paramref name="route"/> from member <paramref name="only"/> alone: it is now the route's source.</summary>
    public void WithdrawFrom(AddressFamily family, string only, NlriEntry route) => Add(_withdrawTo, (family, only), route);

    /// <summary>Encodes everything collected and queues it to <paramref name="members"/>; empties the builder.</summary>
    public int Flush(IReadOnlyList<PeerRouting> members, in EncodeContext context, AttributeEncodingCache attributes)
    {
        var messages = 0;
        foreach (var ((family, except), routes) in _withdraw)
        {
            messages += WriteWithdrawals(members, context, family, except, only: null, routes);
            Return(routes);
        }

        foreach (var ((set, source), routes) in _announce)
        {
            messages += WriteAnnouncements(members, context, set, source, attributes.Get(set, context), routes);
            Return(routes);
        }

        foreach (var ((family, only), routes) in _withdrawTo)
        {
            messages += WriteWithdrawals(members, context, family, except: null, only, routes);
            Return(routes);
        }

        _withdraw.Clear();
        _announce.Clear();
        _withdrawTo.Clear();
        return messages;
    }

    /// <summary>End-of-RIB for <paramref name="family"/> (RFC 4724 §2), encoded once.</summary>
    public static byte[] EndOfRib(AddressFamily family)
    {
        Span<byte> buffer = stackalloc byte[BgpConstants.MaxMessageLength];
        UpdateEncoder.TryWriteEndOfRib(buffer, family, out var written);
        return buffer[..written].ToArray();
    }

    private int WriteAnnouncements(IReadOnlyList<PeerRouting> members, in EncodeContext context, RouteAttributes set, string source,
        byte[] encodedAttributes, List<NlriEntry> routes)
    {
        var family = set.Attributes.MpReach?.Family ?? AddressFamily.Ipv4Unicast;
        var remaining = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(routes);
        var messages = 0;
        while (!remaining.IsEmpty)
        {
            int count;
            int written;
            if (family == AddressFamily.Ipv4Unicast)
            {
                count = Math.Max(1, UpdatePacker.TakeIpv4Nlri(context, encodedAttributes.Length, remaining));
                UpdateEncoder.TryWriteIpv4(_buffer, context, [], encodedAttributes, remaining[..count], out written);
            }
            else
            {
                var nextHop = set.NextHop;
                count = Math.Max(1, UpdatePacker.TakeMpReach(context, family, nextHop, encodedAttributes.Length, remaining));
                UpdateEncoder.TryWriteMpReach(_buffer, context, family, nextHop, encodedAttributes, remaining[..count], out written);
            }

            if (written == 0)
            {
                throw new InvalidOperationException($"an attribute set of {encodedAttributes.Length} octets does not fit an UPDATE: {set}");
            }

            Deliver(members, _buffer.AsSpan(0, written).ToArray(), except: source, only: null);
            remaining = remaining[count..];
            messages++;
        }

        return messages;
    }

    private int WriteWithdrawals(IReadOnlyList<PeerRouting> members, in EncodeContext context, AddressFamily family, string? except,
        string? only, List<NlriEntry> routes)
    {
        var remaining = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(routes);
        var messages = 0;
        while (!remaining.IsEmpty)
        {
            int count;
            int written;
            if (family == AddressFamily.Ipv4Unicast)
            {
                count = Math.Max(1, UpdatePacker.TakeIpv4Withdrawn(context, remaining));
                UpdateEncoder.TryWriteIpv4(_buffer, context, remaining[..count], [], [], out written);
            }
            else
            {
                count = Math.Max(1, UpdatePacker.TakeMpUnreach(context, family, remaining));
                UpdateEncoder.TryWriteMpUnreach(_buffer, context, family, remaining[..count], out written);
            }

            Deliver(members, _buffer.AsSpan(0, written).ToArray(), except, only);
            remaining = remaining[count..];
            messages++;
        }

        return messages;
    }

    private void Deliver(IReadOnlyList<PeerRouting> members, byte[] message, string? except, string? only)
    {
        EncodedMessages++;
        var memory = new ReadOnlyMemory<byte>(message);
        foreach (var member in members)
        {
            if ((except is not null && ReferenceEquals(member.Name, except)) || (only is not null && !ReferenceEquals(member.Name, only)))
            {
                continue;
            }

            member.Outlet?.Enqueue(memory);
        }
    }

    private void Add<TKey>(Dictionary<TKey, List<NlriEntry>> buckets, TKey key, NlriEntry route)
        where TKey : notnull
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            list = _pool.Count > 0 ? _pool.Pop() : [];
            buckets[key] = list;
        }

        list.Add(route);
    }

    private void Return(List<NlriEntry> list)
    {
        list.Clear();
        _pool.Push(list);
    }
}
