using Bgp.Protocol;
using Bgp.Protocol.Attributes;
using Bgp.Protocol.Errors;
using Bgp.Protocol.Messages;
using Bgp.Protocol.Nlri;
using Bgp.RouteReflector;
using Bgp.Speaker.Policy;
using Bgp.Speaker.Rib;

namespace Bgp.Speaker.Routing;

/// <summary>
/// The import pipeline of one UPDATE, pure and thread-safe (it runs on the session's loop, so the
/// hashing, interning and policy of many peers run in parallel and the routing task only applies):
/// RFC 7606 outcome, AS loop check, import policy, interning.
/// </summary>
internal static class RouteImporter
{
    public static ImportBatch Convert(UpdateMessage update, ImportContext context, AttributeInterner interner)
    {
        var batch = new ImportBatch(context.Source, RouteCount(update));
        if (update.IsEndOfRib(out var endOfRib))
        {
            batch.EndOfRib = endOfRib;
            return batch;
        }

        foreach (var route in update.Withdrawn)
        {
            batch.Routes.Add(new ImportedRoute(route, null, null));
        }

        var attributes = update.Attributes;
        AddWithdrawals(batch, attributes.MpUnreach, context);
        AddWithdrawals(batch, update.AdditionalMpUnreach, context);

        // RFC 7606 §2: treat-as-withdraw already moved the NLRI to the withdrawn lists; for
        // attribute-discard the attributes are usable as they are.
        if (update.Action >= Rfc7606Action.TreatAsWithdraw)
        {
            return batch;
        }

        // RFC 4271 §9.1.2: a route whose AS_PATH holds our AS is a loop, unless allowed (allowAsIn).
        var loop = PathRules.CountAs(attributes.AsPath, context.LocalAs) > context.AllowAsIn;
        if (context.Source.IsInternal)
        {
            // RFC 4456 §8: our ORIGINATOR_ID, or our CLUSTER_ID in the CLUSTER_LIST, is a reflection
            // loop: ignored, which for a route we hold means withdrawn. (RFC 7606 §7.9/§7.10: both
            // attributes were already discarded when received from an external peer.)
            var reflectionLoop = ReflectionRules.FindLoop(attributes, context.RouterId, context.ClusterId);
            if (reflectionLoop != ReflectionLoop.None)
            {
                loop = true;
                context.Reflection?.LoopDropped(context.Source.Name, reflectionLoop, update.Nlri.Count + (attributes.MpReach?.Nlri.Count ?? 0));
            }
            else if (context.ClusterId is not null)
            {
                // RFC 4456 §8: a reflector marks the routes it reflects with the originator's BGP
                // Identifier. Done once here, per received attribute set, rather than per update
                // group on export: the interned set then already differs per originator, so every
                // group's export of it (and its cache) is the same whoever sent it.
                attributes = ReflectionRules.WithOriginator(attributes, context.Source.RouterId);
            }
        }
        if (update.Nlri.Count > 0 && context.Families.Contains(AddressFamily.Ipv4Unicast))
        {
            AddAnnouncements(batch, update.Nlri, attributes, NlriCarrier.NlriField, null, loop, context, interner);
        }

        if (attributes.MpReach is { IsOpaque: false } reach && reach.Family.IsSupported && context.Families.Contains(reach.Family))
        {
            AddAnnouncements(batch, reach.Nlri, attributes, NlriCarrier.MpReach, reach.NextHop, loop, context, interner);
        }

        return batch;
    }

    /// <summary>Every route the UPDATE carries: the batch's list is sized once (no copies while it grows).</summary>
    private static int RouteCount(UpdateMessage update) =>
        update.Withdrawn.Count + update.Nlri.Count +
        (update.Attributes.MpUnreach?.Withdrawn.Count ?? 0) + (update.AdditionalMpUnreach?.Withdrawn.Count ?? 0) +
        (update.Attributes.MpReach?.Nlri.Count ?? 0);

    private static void AddWithdrawals(ImportBatch batch, MpUnreachNlri? unreach, ImportContext context)
    {
        if (unreach is { IsOpaque: false } && unreach.Family.IsSupported && context.Families.Contains(unreach.Family))
        {
            foreach (var route in unreach.Withdrawn)
            {
                batch.Routes.Add(new ImportedRoute(route, null, null));
            }
        }
    }

    private static void AddAnnouncements(ImportBatch batch, IReadOnlyList<NlriEntry> routes, PathAttributes attributes,
        NlriCarrier carrier, MpNextHop? mpNextHop, bool loop, ImportContext context, AttributeInterner interner)
    {
        if (loop && !context.KeepPrePolicy)
        {
            foreach (var route in routes)
            {
                batch.Routes.Add(new ImportedRoute(route, null, null));
            }

            return;
        }

        var received = interner.Intern(attributes, carrier);
        batch.Owned.Add(received);
        var prePolicy = context.KeepPrePolicy ? received : null;
        if (loop)
        {
            foreach (var route in routes)
            {
                batch.Routes.Add(new ImportedRoute(route, null, prePolicy));
            }

            return;
        }

        if (context.Chain.IsEmpty)
        {
            foreach (var route in routes)
            {
                batch.Routes.Add(new ImportedRoute(route, received, prePolicy));
            }

            return;
        }

        PathAttributes? lastResult = null;
        RouteAttributes? lastSet = null;
        foreach (var route in routes)
        {
            var result = Evaluate(context, route.Prefix, attributes, mpNextHop);
            if (!result.IsAccepted)
            {
                batch.Routes.Add(new ImportedRoute(route, null, prePolicy));
                continue;
            }

            RouteAttributes set;
            if (ReferenceEquals(result.Attributes, attributes))
            {
                set = received;
            }
            else if (ReferenceEquals(result.Attributes, lastResult))
            {
                set = lastSet!;
            }
            else
            {
                set = interner.Intern(result.Attributes, carrier);
                batch.Owned.Add(set);
                (lastResult, lastSet) = (result.Attributes, set);
            }

            batch.Routes.Add(new ImportedRoute(route, set, prePolicy));
        }
    }

    /// <summary>
    /// The loop checks for a route already stored before import policy (soft reconfiguration):
    /// our AS in the AS_PATH beyond allowAsIn (RFC 4271 §9.1.2), or a reflection loop (RFC 4456 §8).
    /// </summary>
    public static bool IsLoop(ImportContext context, PathAttributes attributes) =>
        PathRules.CountAs(attributes.AsPath, context.LocalAs) > context.AllowAsIn ||
        (context.Source.IsInternal && ReflectionRules.FindLoop(attributes, context.RouterId, context.ClusterId) != ReflectionLoop.None);

    /// <summary>Import policy for one route (the session is the sender's).</summary>
    public static PolicyResult Evaluate(ImportContext context, IpPrefix prefix, PathAttributes attributes, MpNextHop? mpNextHop)
    {
        var route = new PolicyRoute(prefix, attributes)
        {
            Source = Policy.RouteSourceKind.Bgp,
            FromPeer = context.Source.Name,
            Session = context.Session,
            LocalAs = context.LocalAs,
        };
        if (mpNextHop is { } hop)
        {
            route = route with { NextHop = hop };
        }

        return context.Chain.Evaluate(route);
    }
}
