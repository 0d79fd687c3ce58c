package dev.trellis.rule.rebate.internal;

import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.rule.rebate.LedgerLine;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * The ledger lines a transaction's record writes touched, recomputed once just before it commits. Where a
 * record was before a write is found at the write (the old values are at hand then, and the row may be
 * gone at commit); where written records are now is found at commit, for all of them in one statement per
 * policy version and object — a bulk create of 100,000 lines resolves in one statement, and each partner
 * and period is recomputed once however many of its records the transaction wrote.
 *
 * <p>Only the components a write can change are recomputed. A write to the source record itself changes the
 * tiered rebate when the record is (or was) in scope, a plain bonus likewise, and a first-per bonus only when
 * the record comes (or came) first for its value — then also where the record that now comes first, or came
 * first until now, lies. A write to a record further along the joins (the order, the partner, a customer a
 * condition reads) may change any component of every record behind it, so all of them are recomputed there.
 */
final class PendingRecomputes implements TransactionSynchronization {

    /** A component of a policy to recompute for a partner's records on a day (a bonus: for one payee, or all). */
    private record Touch(String policy, String component, long partner, Long payee, LocalDate day,
            boolean partnerSide) {
    }

    /** The first-per values of one bonus of one compiled version whose first record may have changed. */
    private record FirstOf(String policy, PolicyPlan plan, int bonus) {
    }

    /** A first-per value placed at commit: how many written records hold it, and whether its first may have changed. */
    private static final class Placed {
        int records;
        boolean firstMayHaveChanged;
    }

    /** A recompute: policy, the version in force and the period. */
    private record Unit(String policy, RebatePolicies.InForce inForce) {

        /** Which version and period: comparing whole policy definitions on every write cost more than that. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Unit u && policy.equals(u.policy) && inForce.version().number() == u.inForce.version()
                    .number() && inForce.period().equals(u.inForce.period());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(policy, inForce.version().number(), inForce.period());
        }
    }

    private final PublishedApp app;
    private final RebatePolicies policies;
    private final RebateLedger ledger;
    private final LocalDate today;
    private final RoundTrips trips;
    private final Map<RebatePolicies.Watch, Set<Long>> written = new LinkedHashMap<>();
    private final Set<Touch> touched = new LinkedHashSet<>();
    private final Map<FirstOf, Map<Object, Placed>> firsts = new LinkedHashMap<>();
    private boolean tuned;
    /** Whether a write of this transaction was seen already. */
    private boolean sawWrite;

    PendingRecomputes(PublishedApp app, DSLContext dsl, RebatePolicies policies, RebateLedger ledger, LocalDate today) {
        this.app = app;
        this.policies = policies;
        this.ledger = ledger;
        this.today = today;
        this.trips = new RoundTrips(dsl);
    }

    /** How this transaction's rebate statements are sent. */
    RoundTrips trips() {
        return trips;
    }

    /** Before this transaction's first rebate statement: see {@link LedgerRepository#tuneIncremental}. */
    void beforeFirstStatement() {
        if (!tuned) {
            ledger.tuneIncremental(trips);
            tuned = true;
        }
    }

    /** A record the watch's object holds now (created or updated), to be placed at commit. */
    void written(RebatePolicies.Watch watch, long id) {
        written.computeIfAbsent(watch, w -> new LinkedHashSet<>()).add(id);
    }

    /** After every write's event: from now on, the stored records are no longer how they were before the transaction. */
    void afterWrite() {
        sawWrite = true;
    }

    /**
     * Where records were just before a write, found at the write by a query of {@link PolicyPlan#placesOf} with
     * their old values. Whether one came first is judged against the records as stored, which is how they were
     * before the transaction only at its first write; at a later one, an earlier write may have put another
     * record ahead of it, so it is taken to have come first, and its payee's line is recomputed.
     */
    void placedBefore(RebatePolicies.Watch watch, List<Record> rows) {
        place(watch, rows, !sawWrite);
    }

    /** Where records are, found at commit. */
    private void placed(RebatePolicies.Watch watch, List<Record> rows) {
        place(watch, rows, true);
    }

    private void place(RebatePolicies.Watch watch, List<Record> rows, boolean firstIsKnown) {
        PolicyPlan plan = watch.plan();
        boolean source = watch.hop() == plan.joins.root();
        for (Record r : rows) {
            long partner = r.get("partner_id", Long.class);
            LocalDate day = r.get("day", LocalDate.class);
            boolean inScope = Boolean.TRUE.equals(r.get("in_scope", Boolean.class));
            if (!source || inScope) {
                touched.add(new Touch(watch.policy(), LedgerLine.REBATE, partner, null, day, watch.partnerSide()));
            }
            for (int i = 0; i < plan.bonuses.size(); i++) {
                PolicyPlan.BonusPlan bonus = plan.bonuses.get(i);
                boolean first = bonus.firstPer() != null
                        && (!firstIsKnown || Boolean.TRUE.equals(r.get("is_first_" + i, Boolean.class)));
                // no payee: a deleted record's owner is not among its old values, so every payee of the partner
                Long payee = r.get("payee_" + i, Long.class);
                if (!source || (bonus.firstPer() == null ? inScope : first)) {
                    touched.add(new Touch(watch.policy(), bonus.component(), partner, payee, day, watch.partnerSide()));
                }
                Object value = bonus.firstPer() == null ? null : r.get("first_" + i);
                if (value != null) {
                    Placed placed = firsts.computeIfAbsent(new FirstOf(watch.policy(), plan, i), k -> new LinkedHashMap<>())
                            .computeIfAbsent(value, v -> new Placed());
                    placed.records += r.get("records", Integer.class);
                    placed.firstMayHaveChanged |= !source || first;
                }
            }
        }
    }

    @Override
    public void beforeCommit(boolean readOnly) {
        recomputeAll();
    }

    /** Places the written records, then recomputes each touched component, partner and period once. */
    void recomputeAll() {
        if (written.isEmpty() && touched.isEmpty() && firsts.isEmpty()) {
            return;
        }
        beforeFirstStatement();
        written.forEach((watch, ids) -> placed(watch, watch.plan().fetchPlaces(trips, watch.hop(), ids)));
        written.clear();
        firsts.forEach((first, values) -> {
            PolicyPlan.BonusPlan bonus = first.plan().bonuses.get(first.bonus());
            // the record that came first before this transaction is still among the first k + 1 of its value,
            // k being how many records this transaction placed there: only they can have come in ahead of it
            Map<Integer, List<Object>> byDepth = new TreeMap<>();
            values.forEach((value, placed) -> {
                if (placed.firstMayHaveChanged) {
                    byDepth.computeIfAbsent(placed.records + 1, d -> new ArrayList<>()).add(value);
                }
            });
            byDepth.forEach((depth, sameDepth) -> {
                for (Record r : trips.fetch(first.plan().firstRecords(bonus, sameDepth, depth))) {
                    Long payee = r.get("payee_id", Long.class);
                    if (payee != null) {
                        touched.add(new Touch(first.policy(), bonus.component(), r.get("partner_id", Long.class),
                                payee, r.get("day", LocalDate.class), false));
                    }
                }
            });
        });
        firsts.clear();
        Map<Unit, Map<String, LineScope>> units = new LinkedHashMap<>();
        for (Touch touch : touched) {
            policies.inForce(app, touch.policy(), touch.day())
                    .filter(f -> !touch.partnerSide() || f.period().end().isAfter(today))
                    .ifPresent(f -> units.computeIfAbsent(new Unit(touch.policy(), f), u -> new TreeMap<>())
                            .computeIfAbsent(touch.component(), c -> c.equals(LedgerLine.REBATE) ? LineScope.perPartner()
                                    : LineScope.perPayee())
                            .add(touch.partner(), touch.payee()));
        }
        touched.clear();
        // a fixed order (policy, period), so two transactions never wait on each other's locks in a circle
        List<Unit> ordered = new ArrayList<>(units.keySet());
        ordered.sort(Comparator.comparing(Unit::policy).thenComparing(u -> u.inForce().period().start()));
        for (Unit unit : ordered) {
            ledger.recompute(trips, app, unit.policy(), unit.inForce(), units.get(unit));
        }
    }
}
