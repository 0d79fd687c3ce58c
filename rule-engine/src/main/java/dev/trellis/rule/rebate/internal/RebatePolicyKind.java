package dev.trellis.rule.rebate.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.spi.MetadataContext;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code rebate_policy} kind: the policy must compile against the app's objects as they will be
 * (paths, filters, measures, tiers, bonuses; see {@link PolicyCompiler}), and a new version may not reach
 * back into a period that has already closed under an earlier published version: that period keeps the
 * version it closed with, so a validity that claims it would mislead.
 */
public final class RebatePolicyKind implements MetadataKind<RebatePolicyDefinition> {

    public static final String NAME = "rebate_policy";

    private final PolicyCompiler compiler;
    private final Supplier<MetadataService> metadata;
    private final Clock clock;

    /** {@code metadata} is asked lazily: the metadata service itself is built with the kinds. */
    public RebatePolicyKind(PolicyCompiler compiler, Supplier<MetadataService> metadata, Clock clock) {
        this.compiler = compiler;
        this.metadata = metadata;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }


    @Override
    public Class<RebatePolicyDefinition> type() {
        return RebatePolicyDefinition.class;
    }

    @Override
    public String nameOf(RebatePolicyDefinition definition) {
        return definition.name();
    }

    @Override
    public void validate(RebatePolicyDefinition policy, MetadataContext context, List<Problem> problems) {
        compiler.compile(context.app(), context::findObject, policy, 0, problems);
        if (problems.isEmpty()) {
            checkClosedPeriods(context.app(), policy, problems);
        }
    }

    /**
     * The first closed period the document covers that closed under an earlier published version; the
     * document itself counts as published when it equals a published version (a publish re-validates them).
     */
    private void checkClosedPeriods(String app, RebatePolicyDefinition policy, List<Problem> problems) {
        List<MetadataVersion> history;
        try {
            history = metadata.get().history(app, NAME, policy.name());
        } catch (dev.trellis.core.NotFoundException e) {
            return; // a new policy has no past
        }
        OffsetDateTime itsPublication = history.stream()
                .filter(v -> v.publishedAt() != null && !v.deleted()
                        && Json.MAPPER.treeToValue(v.body(), RebatePolicyDefinition.class).equals(policy))
                .map(MetadataVersion::publishedAt).min(OffsetDateTime::compareTo).orElse(null);
        List<RebatePolicies.Version> earlier = history.stream()
                .filter(v -> v.publishedAt() != null && !v.deleted()
                        && (itsPublication == null || v.publishedAt().isBefore(itsPublication)))
                .map(RebatePolicies::version).toList();
        if (earlier.isEmpty() || !policy.active()) {
            return;
        }
        // only a period that ended after an earlier version went live can have closed under it
        LocalDate firstLive = earlier.stream().map(v -> v.publishedAt().withOffsetSameInstant(ZoneOffset.UTC)
                .toLocalDate()).min(LocalDate::compareTo).orElseThrow();
        LocalDate from = policy.validFrom() != null && policy.validFrom().isAfter(firstLive) ? policy.validFrom()
                : firstLive;
        LocalDate today = LocalDate.now(clock);
        for (RebatePeriod period = policy.period().periodOf(from); !period.end().isAfter(today);
                period = policy.period().periodOf(period.end())) {
            if (!policy.covers(period)) {
                continue;
            }
            Optional<RebatePolicies.InForce> closedUnder = RebatePolicies.select(earlier, period.start())
                    .filter(f -> f.version().publishedAt().isBefore(f.period().end().atStartOfDay()
                            .atOffset(ZoneOffset.UTC)));
            if (closedUnder.isPresent()) {
                problems.add(new Problem("validity-overlaps-closed-period", "/validFrom", "period " + period
                        + " closed under version " + closedUnder.get().version().number() + " and keeps it; start"
                        + " this version at a period that has not closed (" + policy.period().periodOf(today).start()
                        + " or later)", Map.of("period", period.toString(),
                                "version", closedUnder.get().version().number())));
                return;
            }
        }
    }
}
