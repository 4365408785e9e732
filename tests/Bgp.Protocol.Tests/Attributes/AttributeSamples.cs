using Bgp.Protocol.Attributes;
using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Tests.Attributes;

internal static class AttributeSamples
{
    public static PathAttributes Base() => new()
    {
        Origin = Origin.Igp,
        AsPath = AsPath.FromSequence(65001),
        NextHop = 0xC0000201,
    };

    public static PathAttributes Full() => new()
    {
        Origin = Origin.Incomplete,
        AsPath = new AsPath([
            new AsPathSegment(AsPathSegmentType.AsConfedSequence, [64512, 64513]),
            new AsPathSegment(AsPathSegmentType.AsSequence, [65001, 4200000001]),
            new AsPathSegment(AsPathSegmentType.AsSet, [65010, 65011]),
            new AsPathSegment(AsPathSegmentType.AsConfedSet, [64514]),
        ]),
        NextHop = 0xC0000201,
        MultiExitDisc = 100,
        LocalPref = 200,
        AtomicAggregate = true,
        Aggregator = new Aggregator(4200000001, 0xC0000202),
        Communities = [0xFDE90064, (uint)WellKnownCommunity.NoExport],
        OriginatorId = 0x01020304,
        ClusterList = [0x0A0A0A0A, 0x0B0B0B0B],
        ExtendedCommunities = [0x0002FDE900000001],
        LargeCommunities = [new LargeCommunity(4200000001, 1, 2)],
        Unknown = [new UnknownAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive | PathAttributeFlags.Partial, 99, [1, 2, 3])],
    };
}
