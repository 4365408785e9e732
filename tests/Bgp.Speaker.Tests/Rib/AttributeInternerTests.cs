using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Nlri;
using Bgp.Speaker.Rib;
using static Bgp.Speaker.Tests.Rib.RibTestKit;
using Xunit;

namespace Bgp.Speaker.Tests.Rib;

public sealed class AttributeInternerTests
{
    [Fact]
    public void EqualSets_AreStoredOnce()
    {
        var interner = new AttributeInterner();
        var first = interner.Intern(Attributes(asPath: [1, 2], med: 5));
        var second = interner.Intern(Attributes(asPath: [1, 2], med: 5));
        Assert.Same(first, second);
        Assert.Equal(1, interner.Count);
        Assert.Equal(2, first.ReferenceCount);
        Assert.NotSame(first, interner.Intern(Attributes(asPath: [1, 2], med: 6)));
        Assert.Equal(2, interner.Count);
    }

    [Fact]
    public void LastRelease_RemovesTheSet_AndANewInternIsANewInstance()
    {
        var interner = new AttributeInterner();
        var set = interner.Intern(Attributes());
        set.AddRef();
        set.Release();
        Assert.Equal(1, interner.Count);
        set.Release();
        Assert.Equal(0, interner.Count);
        Assert.False(set.IsLive);
        Assert.Throws<InvalidOperationException>(() => set.AddRef());
        var again = interner.Intern(Attributes());
        Assert.NotSame(set, again);
        Assert.Equal(1, interner.Count);
    }

    [Fact]
    public void MpReachNlri_IsStripped_NextHopKept()
    {
        var nextHop = MpNextHop.Ipv6((UInt128)0x20010DB8 << 96, 0xFE80UL << 48);
        PathAttributes WithNlri(params int[] prefixes) => new()
        {
            Origin = Bgp.Protocol.Iana.Origin.Igp,
            AsPath = AsPath.FromSequence(65001),
            NextHop = 0x01020304,
            MpReach = new MpReachNlri(AddressFamily.Ipv6Unicast, nextHop, prefixes.Select(i => new NlriEntry(V6(i)))),
            MpUnreach = new MpUnreachNlri(AddressFamily.Ipv6Unicast, [new NlriEntry(V6(99))]),
        };

        var interner = new AttributeInterner();
        var a = interner.Intern(WithNlri(1, 2, 3), NlriCarrier.MpReach);
        var b = interner.Intern(WithNlri(4), NlriCarrier.MpReach);
        Assert.Same(a, b);
        Assert.Empty(a.Attributes.MpReach!.Nlri);
        Assert.Null(a.Attributes.MpUnreach);
        Assert.Null(a.Attributes.NextHop);
        Assert.Equal(nextHop, a.NextHop);
        Assert.True(a.NextHop.HasLinkLocal);
    }

    [Fact]
    public void NlriFieldCarrier_DropsMpAttributes_KeepsNextHop()
    {
        var attributes = Attributes(nextHop: 0x0A000009);
        var withMp = new PathAttributes
        {
            Origin = attributes.Origin,
            AsPath = attributes.AsPath,
            NextHop = attributes.NextHop,
            MpReach = new MpReachNlri(AddressFamily.Ipv6Unicast, MpNextHop.Ipv6(1), [new NlriEntry(V6(1))]),
        };
        var interner = new AttributeInterner();
        var a = interner.Intern(withMp, NlriCarrier.NlriField);
        Assert.Same(a, interner.Intern(attributes, NlriCarrier.NlriField));
        Assert.Equal(MpNextHop.Ipv4(0x0A000009), a.NextHop);
    }

    [Fact]
    public void CanonicalSet_IsNotCopied()
    {
        var attributes = Attributes();
        Assert.Same(attributes, AttributeInterner.Canonicalize(attributes, NlriCarrier.NlriField));
    }

    [Fact]
    public void ConcurrentInternAndRelease_KeepsCountsConsistent()
    {
        var interner = new AttributeInterner();
        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 5_000; i++)
            {
                var set = interner.Intern(Attributes(med: (uint)(i % 7)));
                set.Release();
            }
        });
        Assert.Equal(0, interner.Count);
    }
}
