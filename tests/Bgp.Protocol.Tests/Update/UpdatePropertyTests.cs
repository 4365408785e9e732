using Xunit;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Iana;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using CsCheck;

namespace Bgp.Protocol.Tests.Update;

/// <summary>Property tests: random attribute sets and NLRI lists survive encode → decode.</summary>
public sealed class UpdatePropertyTests
{
    private static readonly Gen<NlriEntry> Ipv4Nlri =
        Gen.Select(Gen.UInt, Gen.Int[0, 32], (address, length) => new NlriEntry(IpPrefix.FromIpv4(address, length)));

    private static readonly Gen<NlriEntry> Ipv6Nlri =
        Gen.Select(Gen.ULong, Gen.ULong, Gen.Int[0, 128], (high, low, length) =>
            new NlriEntry(IpPrefix.FromIpv6(((UInt128)high << 64) | low, length)));

    private static Gen<AsPath> AsPaths(bool withConfederation) =>
        Gen.Select(Gen.Int[1, withConfederation ? 4 : 2], Gen.UInt.Array[1, 6],
                (type, asns) => new AsPathSegment((AsPathSegmentType)type, asns))
            .Array[0, 4]
            .Select(segments => new AsPath(segments));

    private static Gen<PathAttributes> Attributes(bool fourOctet) =>
        Gen.Select(
            Gen.Select(Gen.Int[0, 2], AsPaths(fourOctet), Gen.UInt[0x01000000, 0xDFFFFFFF], Gen.UInt.Nullable(), Gen.UInt.Nullable()),
            Gen.Select(Gen.Bool, Gen.Select(Gen.UInt, Gen.UInt, (a, b) => new Aggregator(a, b)).Nullable(), Gen.UInt.Array[0, 5], Gen.UInt.Nullable(), Gen.UInt.Array[0, 3]),
            Gen.Select(Gen.ULong.Array[0, 3], Gen.Select(Gen.UInt, Gen.UInt, Gen.UInt, (a, b, c) => new LargeCommunity(a, b, c)).Array[0, 3], Gen.Byte.Array[0, 300].Select(Gen.Bool, (bytes, keep) => keep ? bytes : null)),
            Gen.Select(Gen.Bool, Ipv6Nlri.Array[0, 20], Gen.Bool, Gen.ULong, Ipv6Nlri.Array[0, 20]),
            (a, b, c, mp) => new PathAttributes
            {
                Origin = (Origin)a.Item1,
                AsPath = a.Item2,
                NextHop = a.Item3,
                MultiExitDisc = a.Item4,
                LocalPref = a.Item5,
                AtomicAggregate = b.Item1,
                Aggregator = b.Item2,
                Communities = b.Item3,
                OriginatorId = b.Item4,
                ClusterList = b.Item5,
                ExtendedCommunities = c.Item1,
                LargeCommunities = c.Item2,
                Unknown = c.Item3 is null ? [] : [new UnknownAttribute(PathAttributeFlags.Optional | PathAttributeFlags.Transitive | PathAttributeFlags.Partial, 200, c.Item3)],
                MpReach = mp.Item1
                    ? new MpReachNlri(AddressFamily.Ipv6Unicast, mp.Item3 ? MpNextHop.Ipv6(mp.Item4, 0xfe80UL << 48) : MpNextHop.Ipv6(mp.Item4), mp.Item2)
                    : null,
                MpUnreach = mp.Item5.Length > 0 ? new MpUnreachNlri(AddressFamily.Ipv6Unicast, mp.Item5) : null,
            });

    [Fact]
    public void RandomUpdates_FourOctetSession_RoundTrip() =>
        Gen.Select(Attributes(fourOctet: true), Ipv4Nlri.Array[0, 30], Ipv4Nlri.Array[0, 30], Gen.Bool)
            .Sample((attributes, nlri, withdrawn, addPath) =>
            {
                var encode = new EncodeContext
                {
                    FourOctetAs = true,
                    ExtendedMessages = true,
                    AddPathSend = addPath ? AddressFamilySet.All : AddressFamilySet.None,
                };
                var update = new UpdateMessage { Attributes = attributes, Nlri = nlri, Withdrawn = withdrawn };
                var bytes = BgpMessageWriter.ToArray(update, encode);
                var decoded = UpdateMessage.Decode(bytes.AsSpan(BgpConstants.HeaderLength), encode.ToPeerDecodeContext());
                return decoded.Action == Rfc7606Action.None && decoded.Equals(update);
            }, iter: 500);

    [Fact]
    public void RandomUpdates_TwoOctetSession_RoundTripThroughAs4Path() =>
        Gen.Select(Attributes(fourOctet: false), Ipv4Nlri.Array[1, 10])
            .Sample((attributes, nlri) =>
            {
                var encode = new EncodeContext { ExtendedMessages = true };
                var update = new UpdateMessage { Attributes = attributes, Nlri = nlri };
                var bytes = BgpMessageWriter.ToArray(update, encode);
                var decoded = UpdateMessage.Decode(bytes.AsSpan(BgpConstants.HeaderLength), encode.ToPeerDecodeContext());
                return decoded.Action == Rfc7606Action.None && decoded.Equals(update);
            }, iter: 500);

    [Fact]
    public void EqualAttributeSets_HaveEqualHashCodes() =>
        Attributes(fourOctet: true).Sample(attributes =>
        {
            var copy = new PathAttributes
            {
                Origin = attributes.Origin,
                AsPath = attributes.AsPath is null ? null : new AsPath(attributes.AsPath.Segments.Select(s => new AsPathSegment(s.Type, s.Asns))),
                NextHop = attributes.NextHop,
                MultiExitDisc = attributes.MultiExitDisc,
                LocalPref = attributes.LocalPref,
                AtomicAggregate = attributes.AtomicAggregate,
                Aggregator = attributes.Aggregator,
                Communities = attributes.Communities.ToList(),
                OriginatorId = attributes.OriginatorId,
                ClusterList = attributes.ClusterList.ToList(),
                ExtendedCommunities = attributes.ExtendedCommunities.ToList(),
                LargeCommunities = attributes.LargeCommunities.ToList(),
                Unknown = attributes.Unknown,
                MpReach = attributes.MpReach,
                MpUnreach = attributes.MpUnreach,
            };
            return copy.Equals(attributes) && copy.GetHashCode() == attributes.GetHashCode();
        }, iter: 200);
}
