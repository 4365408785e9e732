using Bgp.Protocol.Iana;

namespace Bgp.Protocol.Attributes;

/// <summary>
/// Rebuilds the 4-octet AS path and aggregator of a route received from a 2-octet (OLD)
/// speaker out of AS_PATH + AS4_PATH and AGGREGATOR + AS4_AGGREGATOR (RFC 6793 §4.2.3).
/// </summary>
internal static class As4Merge
{
    public static void Apply(PathAttributesBuilder builder, List<string> log)
    {
        var as4Path = builder.As4Path;
        if (builder.As4Aggregator is { } as4Aggregator)
        {
            if (builder.Aggregator is { } aggregator && aggregator.As != BgpConstants.AsTrans)
            {
                // RFC 6793 §4.2.3: AGGREGATOR is not AS_TRANS, so AS4_AGGREGATOR and AS4_PATH
                // SHALL be ignored and AS_PATH taken as the AS path information.
                log.Add("AS4_AGGREGATOR and AS4_PATH ignored: AGGREGATOR AS is not AS_TRANS");
                return;
            }

            if (builder.Aggregator is not null)
            {
                // RFC 6793 §4.2.3: otherwise AS4_AGGREGATOR is the aggregating node.
                builder.Aggregator = as4Aggregator;
            }
        }

        if (as4Path is null || builder.AsPath is not { } asPath)
        {
            return;
        }

        var asPathLength = asPath.PathLength;
        var as4PathLength = as4Path.PathLength;

        // RFC 6793 §4.2.3: fewer ASNs in AS_PATH than in AS4_PATH: AS4_PATH SHALL be ignored.
        if (asPathLength < as4PathLength)
        {
            log.Add($"AS4_PATH ignored: it counts {as4PathLength} ASNs, AS_PATH only {asPathLength}");
            return;
        }

        builder.AsPath = Merge(asPath, as4Path, asPathLength - as4PathLength);
    }

    /// <summary>
    /// RFC 6793 §4.2.3: take as many ASNs and segments from the leading part of AS_PATH as make
    /// the total count equal AS_PATH's, and prepend them to AS4_PATH; a confederation segment
    /// is prepended if it leads or is adjacent to a prepended segment.
    /// </summary>
    internal static AsPath Merge(AsPath asPath, AsPath as4Path, int needed)
    {
        var result = new List<AsPathSegment>();
        foreach (var segment in asPath.Segments)
        {
            if (segment.IsConfederation)
            {
                // Leading, or adjacent to the segment prepended just before it.
                result.Add(segment);
                continue;
            }

            if (needed == 0)
            {
                break;
            }

            if (segment.Type == AsPathSegmentType.AsSet)
            {
                result.Add(segment);
                needed -= segment.PathLength;
                continue;
            }

            var take = Math.Min(needed, segment.AsnSpan.Length);
            result.Add(take == segment.AsnSpan.Length ? segment : new AsPathSegment(segment.Type, segment.AsnSpan[..take].ToArray(), owned: true));
            needed -= take;
        }

        foreach (var segment in as4Path.Segments)
        {
            // Join a prepended AS_SEQUENCE with a leading AS4 AS_SEQUENCE: one segment, same path.
            if (result.Count > 0 && segment.Type == AsPathSegmentType.AsSequence &&
                result[^1].Type == AsPathSegmentType.AsSequence && ReferenceEquals(segment, as4Path.Segments[0]))
            {
                var joined = new uint[result[^1].AsnSpan.Length + segment.AsnSpan.Length];
                result[^1].AsnSpan.CopyTo(joined);
                segment.AsnSpan.CopyTo(joined.AsSpan(result[^1].AsnSpan.Length));
                result[^1] = new AsPathSegment(AsPathSegmentType.AsSequence, joined, owned: true);
                continue;
            }

            result.Add(segment);
        }

        return new AsPath(result.ToArray(), owned: true);
    }
}
