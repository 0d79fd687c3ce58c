package dev.trellis.rule.rebate.internal;

import dev.trellis.core.metadata.PublishedApp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The ledger lines a transaction's record writes touched, recomputed once just before it commits. Where a
 * record was before a write is found at the write (the old values are at hand then, and the row may be
 * gone at commit); where written records are now is found at commit, for all of them in one statement per
 * policy version and object — a bulk create of 100,000 lines resolves in one statement, and each partner
 * and period is recomputed once however many of its records the transaction wrote.
 */
final class PendingRecomputes implements TransactionSynchronization {

    /** A partner's records on a day, for a policy; {@code partnerSide} places count only in open periods. */
    private record Place(String policy, long partner, LocalDate day, boolean partnerSide) {
    }

    /** The first-per values of one bonus of one compiled version. */
    private record FirstOf(String policy, PolicyPlan plan, int bonus) {
    }

    /** A recompute: policy, the version in force and the period. */
    private record Unit(String policy, RebatePolicies.InForce inForce) {
    }

    private final PublishedApp app;
    private final DSLContext dsl;
    private final RebatePolicies policies;
    private final RebateLedger ledger;
    private final LocalDate today;
    private final Map<RebatePolicies.Watch, Set<Long>> written = new LinkedHashMap<>();
    private final Set<Place> places = new LinkedHashSet<>();
    private final Map<FirstOf, Set<Object>> firsts = new LinkedHashMap<>();

    PendingRecomputes(PublishedApp app, DSLContext dsl, RebatePolicies policies, RebateLedger ledger, LocalDate today) {
        this.app = app;
        this.dsl = dsl;
        this.policies = policies;
        this.ledger = ledger;
        this.today = today;
    }

    /** A record the watch's object holds now (created or updated), to be placed at commit. */
    void written(RebatePolicies.Watch watch, long id) {
        written.computeIfAbsent(watch, w -> new LinkedHashSet<>()).add(id);
    }

    /** Places found by a query of {@link PolicyPlan#placesOf}. */
    void placed(RebatePolicies.Watch watch, List<Record> rows) {
        for (Record r : rows) {
            places.add(new Place(watch.policy(), r.get("partner_id", Long.class), r.get("day", LocalDate.class),
                    watch.partnerSide()));
            for (int i = 0; i < watch.plan().bonuses.size(); i++) {
                if (watch.plan().bonuses.get(i).firstPer() != null) {
                    Object value = r.get("first_" + i);
                    if (value != null) {
                        firsts.computeIfAbsent(new FirstOf(watch.policy(), watch.plan(), i), k -> new LinkedHashSet<>())
                                .add(value);
                    }
                }
            }
        }
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        recomputeAll();
    }

    /** Places the written records, then recomputes each touched partner and period once. */
    void recomputeAll() {
        written.forEach((watch, ids) -> placed(watch, dsl.fetch(watch.plan().placesOf(Map.of(),
                DSL.field(DSL.name(watch.hop().alias, "id"), SQLDataType.BIGINT).eq(DSL.any(ids.toArray(Long[]::new))),
                List.of(watch.hop())))));
        written.clear();
        firsts.forEach((first, values) -> {
            for (Record r : dsl.fetch(first.plan().firstTwo(first.plan().bonuses.get(first.bonus()), values))) {
                places.add(new Place(first.policy(), r.get("partner_id", Long.class), r.get("day", LocalDate.class),
                        false));
            }
        });
        firsts.clear();
        Map<Unit, Set<Long>> units = new LinkedHashMap<>();
        for (Place place : places) {
            policies.inForce(app, place.policy(), place.day())
                    .filter(f -> !place.partnerSide() || f.period().end().isAfter(today))
                    .ifPresent(f -> units.computeIfAbsent(new Unit(place.policy(), f), u -> new TreeSet<>())
                            .add(place.partner()));
        }
        places.clear();
        // a fixed order (policy, period), so two transactions never wait on each other's locks in a circle
        List<Unit> ordered = new ArrayList<>(units.keySet());
        ordered.sort(Comparator.comparing(Unit::policy).thenComparing(u -> u.inForce().period().start()));
        for (Unit unit : ordered) {
            ledger.recompute(app, unit.policy(), unit.inForce(), units.get(unit));
        }
    }
}
