using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>Mutable state filled by the attribute decoders of one UPDATE, then frozen.</summary>
internal sealed class PathAttributesBuilder
{
    public Origin? Origin { get; set; }

    public AsPath? AsPath { get; set; }

    public uint? NextHop { get; set; }

    public uint? MultiExitDisc { get; set; }

    public uint? LocalPref { get; set; }

    public bool AtomicAggregate { get; set; }

    public Aggregator? Aggregator { get; set; }

    public uint[]? Communities { get; set; }

    public uint? OriginatorId { get; set; }

    public uint[]? ClusterList { get; set; }

    public ulong[]? ExtendedCommunities { get; set; }

    public LargeCommunity[]? LargeCommunities { get; set; }

    public MpReachNlri? MpReach { get; set; }

    public MpUnreachNlri? MpUnreach { get; set; }

    public AsPath? As4Path { get; set; }

    public Aggregator? As4Aggregator { get; set; }

    public List<UnknownAttribute>? Unknown { get; set; }

    /// <summary>Type codes seen in the field (first occurrence), one bit per code below 64.</summary>
    public ulong SeenLowCodes { get; set; }

    /// <summary>Some attribute other than MP_UNREACH_NLRI was present (RFC 7606 §5.2).</summary>
    public bool SawOtherThanMpUnreach { get; set; }

    public bool Saw(Iana.PathAttributeType type) => ((SeenLowCodes >> (int)type) & 1) != 0;

    /// <summary>Set by the MP decoders when RFC 7606 calls for AFI/SAFI disable.</summary>
    public AddressFamily? DisabledFamily { get; set; }

    public PathAttributes Build() => new()
    {
        Origin = Origin,
        AsPath = AsPath,
        NextHop = NextHop,
        MultiExitDisc = MultiExitDisc,
        LocalPref = LocalPref,
        AtomicAggregate = AtomicAggregate,
        Aggregator = Aggregator,
        Communities = Communities ?? [],
        OriginatorId = OriginatorId,
        ClusterList = ClusterList ?? [],
        ExtendedCommunities = ExtendedCommunities ?? [],
        LargeCommunities = LargeCommunities ?? [],
        MpReach = MpReach,
        MpUnreach = MpUnreach,
        Unknown = (IReadOnlyList<UnknownAttribute>?)Unknown ?? [],
    };
}
