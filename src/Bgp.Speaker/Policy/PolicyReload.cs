using Bgp.Speaker.Configuration;

namespace Bgp.Speaker.Policy;

/// <summary>Which peers must re-evaluate routes after a configuration reload.</summary>
public static class PolicyReload
{
    /// <summary>
    /// Peers configured in both <paramref name="current"/> and <paramref name="next"/> whose import or
    /// export chain fingerprint differs: a new policy name list, or new content of a named policy or
    /// of a prefix set it uses. New and removed peers are not listed (their sessions start or stop).
    /// </summary>
    public static IReadOnlyList<PeerPolicyChange> Changes(SpeakerOptions current, SpeakerOptions next)
    {
        var changes = new List<PeerPolicyChange>();
        foreach (PeerOptions peer in next.Peers)
        {
            PeerOptions? before = null;
            foreach (PeerOptions candidate in current.Peers)
            {
                if (candidate.Name == peer.Name)
                {
                    before = candidate;
                    break;
                }
            }

            if (before is null)
            {
                continue;
            }

            bool import = current.Policies.ImportChain(before).Fingerprint != next.Policies.ImportChain(peer).Fingerprint;
            bool export = current.Policies.ExportChain(before).Fingerprint != next.Policies.ExportChain(peer).Fingerprint;
            if (import || export)
            {
                changes.Add(new PeerPolicyChange(peer.Name, import, export));
            }
        }

        return changes;
    }
}
