package dev.trellis.rule.rebate.internal;

import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rebate policies of a published app with their version history, the version in force for a period
 * and the compiled plans — all memoised per published generation (a publish is the only thing that
 * changes any of it).
 *
 * <p>Effective dating: every published version keeps its validity. The version in force for a period is
 * chosen among the published versions whose validity covers it: the one that was live when the period
 * closed (the latest published before its end), or, for a period that closed before any of them was
 * published, the latest. So a version published later never rewrites a period that closed under an
 * earlier one, and a new version that starts in July leaves the first quarter to the version before it.
 */
final class RebatePolicies {

    /** A published version of a policy. */
    record Version(int number, RebatePolicyDefinition definition, OffsetDateTime publishedAt) {
    }

    /** The version in force for a period. */
    record InForce(Version version, RebatePeriod period) {
    }

    /**
     * A compiled version watching an object: the object is the plan's source or an object its joins reach
     * ({@code hop}); {@code keyColumns} are the columns whose change can move the hop's records to another
     * partner, period or first-per group, or out of scope; on the {@code partnerSide} (the partner record itself) a change is
     * applied to open periods only, since partners' attributes have no history.
     */
    record Watch(String policy, PolicyPlan plan, SourceJoins.Hop hop, Set<String> keyColumns, boolean partnerSide) {
    }

    private record VersionsKey(String policy) {
    }

    private record PlanKey(String policy, int version) {
    }

    private record WatchKey(String object) {
    }

    /** A plan, or the problems that keep an old version from compiling against today's objects. */
    private record Compiled(PolicyPlan plan, List<Problem> problems) {
    }

    private final Supplier<MetadataService> metadata;
    private final PolicyCompiler compiler;

    RebatePolicies(Supplier<MetadataService> metadata, PolicyCompiler compiler) {
        this.metadata = metadata;
        this.compiler = compiler;
    }

    /** The names of the app's published (live) policies. */
    Set<String> live(PublishedApp app) {
        return app.all(RebatePolicyKind.NAME, RebatePolicyDefinition.class).keySet();
    }

    /** Every version of a policy ever published, newest first; not-found if it is not live now. */
    List<Version> versions(PublishedApp app, String policy) {
        if (!live(app).contains(policy)) {
            throw new NotFoundException("rebate-policy-not-found", "app '" + app.name()
                    + "' has no published rebate policy '" + policy + "'");
        }
        return app.compiled(new VersionsKey(policy), p -> metadata.get().history(p.name(), RebatePolicyKind.NAME, policy)
                .stream().filter(v -> v.publishedAt() != null && !v.deleted()).map(RebatePolicies::version).toList());
    }

    static Version version(MetadataVersion v) {
        return new Version(v.version(), Json.MAPPER.treeToValue(v.body(), RebatePolicyDefinition.class), v.publishedAt());
    }

    Optional<InForce> inForce(PublishedApp app, String policy, LocalDate day) {
        return select(versions(app, policy), day);
    }

    /**
     * The version in force for the period that holds {@code day} (each version's own period length decides the
     * period): among the versions covering it, the latest published before the period ended, else the latest.
     */
    static Optional<InForce> select(List<Version> versions, LocalDate day) {
        List<InForce> covering = new ArrayList<>();
        for (Version v : versions) {
            RebatePeriod period = v.definition().period().periodOf(day);
            if (v.definition().covers(period)) {
                covering.add(new InForce(v, period));
            }
        }
        Comparator<InForce> latest = Comparator.comparingInt(f -> f.version().number());
        return covering.stream().filter(f -> f.version().publishedAt().isBefore(
                        f.period().end().atStartOfDay().atOffset(ZoneOffset.UTC))).max(latest)
                .or(() -> covering.stream().max(latest));
    }

    /** The compiled plan of a version; invalid if the version no longer compiles against today's objects. */
    PolicyPlan plan(PublishedApp app, String policy, Version version) {
        Compiled compiled = app.compiled(new PlanKey(policy, version.number()), p -> {
            List<Problem> problems = new ArrayList<>();
            PolicyPlan plan = compiler.compile(p.name(), p::findObject, version.definition(), version.number(), problems);
            return new Compiled(plan, problems);
        });
        if (compiled.plan() == null) {
            throw new InvalidException("rebate-policy-stale", "version " + version.number() + " of rebate policy '"
                    + policy + "' no longer fits the published objects", compiled.problems());
        }
        return compiled.plan();
    }

    /** The compiled versions of live policies that read an object, with how they read it. */
    List<Watch> watches(PublishedApp app, String object) {
        return app.compiled(new WatchKey(object), p -> {
            List<Watch> watches = new ArrayList<>();
            for (String policy : live(p)) {
                for (Version version : versions(p, policy)) {
                    PolicyPlan plan;
                    try {
                        plan = plan(p, policy, version);
                    } catch (InvalidException e) {
                        continue; // an old version that no longer compiles cannot be followed; a recompute says why
                    }
                    for (SourceJoins.Hop hop : plan.joins.hops()) {
                        if (hop.object().equals(object)) {
                            watches.add(new Watch(policy, plan, hop, keyColumns(plan, hop), isPartner(plan, hop)));
                        }
                    }
                }
            }
            return List.copyOf(watches);
        });
    }

    private static boolean isPartner(PolicyPlan plan, SourceJoins.Hop hop) {
        return hop.parent == plan.partner.hop() && hop.via.equals(plan.partner.column());
    }

    private static Set<String> keyColumns(PolicyPlan plan, SourceJoins.Hop hop) {
        Set<String> columns = new HashSet<>();
        for (SourceJoins.Hop other : plan.joins.hops()) {
            if (other.parent == hop) {
                columns.add(other.via);
            }
        }
        if (plan.partner.hop() == hop) {
            columns.add(plan.partner.column());
        }
        if (plan.date.hop() == hop) {
            columns.add(plan.date.column());
        }
        for (PolicyPlan.BonusPlan bonus : plan.bonuses) {
            if (bonus.firstPer() != null && bonus.firstPer().hop() == hop) {
                columns.add(bonus.firstPer().column());
            }
        }
        columns.addAll(hop.filterColumns); // leaving the scope: only the old values say the record was in it
        return Set.copyOf(columns);
    }
}
