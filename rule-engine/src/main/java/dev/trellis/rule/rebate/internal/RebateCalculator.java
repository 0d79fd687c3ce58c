package dev.trellis.rule.rebate.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.storage.ValueConverter;
import dev.trellis.rule.EvaluationException;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.rebate.ComputedLine;
import dev.trellis.rule.rebate.LedgerLine;
import dev.trellis.rule.rebate.RebatePeriod;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Computes what a policy version earns in a period — for every partner, or for some — from the database:
 * one grouped statement for the tiered rebate, one statement per bonus for its candidates (whose condition
 * the expression service then evaluates). Reads only; the ledger decides what to write.
 */
final class RebateCalculator {

    /** Bonus lines list at most this many source record ids in their explanation. */
    static final int LISTED_IDS = 1_000;
    private static final Actor BATCH = Actor.system();

    /** The lines and the number of source records the tiered part counted. */
    record Outcome(List<ComputedLine> lines, int sourceRecords) {
    }

    /**
     * Each component named in {@code only} for the lines of its scope, or, with {@code only} null, every
     * component for every partner.
     */
    Outcome compute(RoundTrips trips, PolicyPlan plan, RebatePeriod period, Map<String, LineScope> only) {
        List<ComputedLine> lines = new ArrayList<>();
        int records = 0;
        if (only == null || only.containsKey(LedgerLine.REBATE)) {
            for (Record r : only == null ? trips.fetch(plan.aggregate(period, null))
                    : plan.fetchAggregate(trips, period, only.get(LedgerLine.REBATE).partners())) {
                lines.add(rebateLine(plan, period, r));
                records += r.get("records", Integer.class);
            }
        }
        for (PolicyPlan.BonusPlan bonus : plan.bonuses) {
            if (only == null || only.containsKey(bonus.component())) {
                LineScope scope = only == null ? null : only.get(bonus.component());
                lines.addAll(bonusLines(trips, plan, bonus, period, scope == null ? null : scope.partners(),
                        scope == null ? null : scope.payees()));
            }
        }
        return new Outcome(lines, records);
    }

    private static ComputedLine rebateLine(PolicyPlan plan, RebatePeriod period, Record r) {
        RebatePolicyDefinition policy = plan.policy;
        long partner = r.get(0, Long.class);
        BigDecimal metric = r.get("metric", BigDecimal.class);
        BigDecimal base = r.get("base", BigDecimal.class);
        TierSchedule.Outcome outcome = plan.schedule.apply(metric, base == null ? metric : base);
        long records = r.get("records", Long.class);
        ObjectNode why = header(plan, period);
        why.put("component", LedgerLine.REBATE);
        why.set("metric", measure(policy.metric(), metric));
        if (base != null) {
            why.set("base", measure(policy.base(), base));
        }
        why.put("method", policy.method().jsonName());
        why.put("tier", outcome.tier());
        if (outcome.tier() > 0) {
            RebatePolicyDefinition.Tier tier = policy.tiers().get(outcome.tier() - 1);
            why.put("tierFrom", tier.from());
            if (tier.rate() != null) {
                why.put("rate", tier.rate());
            } else {
                why.put("fixedAmount", tier.amount());
            }
        }
        if (policy.method() == RebatePolicyDefinition.TierMethod.PROGRESSIVE) {
            ArrayNode bands = why.putArray("bands");
            for (TierSchedule.Band band : plan.schedule.bands(metric)) {
                ObjectNode b = bands.addObject();
                b.put("from", band.from());
                if (band.to() != null) {
                    b.put("to", band.to());
                }
                b.put("rate", band.rate());
                b.put("counted", band.counted());
                b.put("amount", band.amount());
            }
        }
        RebatePolicyDefinition.Tier next = plan.schedule.next(outcome.tier());
        if (next != null) {
            ObjectNode n = why.putObject("nextTier");
            n.put("from", next.from());
            n.put("missing", next.from().subtract(metric));
        }
        if (policy.cap() != null) {
            why.put("cap", policy.cap());
            why.put("uncapped", outcome.uncapped());
            why.put("capped", outcome.capped());
        }
        why.put("total", outcome.amount());
        ObjectNode sources = why.putObject("sources");
        sources.put("object", plan.source());
        sources.put("count", records);
        if (records > 0) {
            sources.put("firstId", r.get("first_id", Long.class));
            sources.put("lastId", r.get("last_id", Long.class));
        }
        sources.set("query", query(plan, period, partner));
        return new ComputedLine(LedgerLine.REBATE, partner, "partner", partner, metric, base, outcome.tier(),
                outcome.tier() == 0 ? null : outcome.rate(), outcome.amount(), records, why);
    }

    private static List<ComputedLine> bonusLines(RoundTrips trips, PolicyPlan plan, PolicyPlan.BonusPlan bonus, RebatePeriod period,
            Collection<Long> partners, Collection<Long> payees) {
        record Payee(long partner, long payee) {
        }
        Map<Payee, List<Long>> earned = new LinkedHashMap<>();
        List<List<String>> paths = List.copyOf(bonus.conditionPaths().keySet());
        for (Record r : partners == null ? trips.fetch(plan.candidates(bonus, period, null, null))
                : plan.fetchCandidates(trips, bonus, period, partners, payees)) {
            Map<List<String>, Object> values = new HashMap<>();
            for (int i = 0; i < paths.size(); i++) {
                values.put(paths.get(i), ValueConverter.fromColumn(r.get("v" + i)));
            }
            long id = r.get("id", Long.class);
            if (qualifies(bonus, values, id)) {
                earned.computeIfAbsent(new Payee(r.get("partner_id", Long.class), r.get("payee_id", Long.class)),
                        k -> new ArrayList<>()).add(id);
            }
        }
        List<ComputedLine> lines = new ArrayList<>();
        earned.forEach((payee, ids) -> {
            ids.sort(Long::compare);
            BigDecimal count = BigDecimal.valueOf(ids.size());
            BigDecimal total = bonus.definition().amount().multiply(count).setScale(2, java.math.RoundingMode.HALF_UP);
            ObjectNode why = header(plan, period);
            why.put("component", bonus.component());
            why.put("bonus", bonus.definition().name());
            why.put("condition", bonus.definition().condition());
            if (bonus.definition().firstPer() != null) {
                why.put("firstPer", bonus.definition().firstPer());
            }
            why.put("payee", bonus.paysPartner() ? PolicyCompiler.PAYEE_PARTNER
                    : bonus.definition().payee() == null ? "owner_id" : bonus.definition().payee());
            why.put("amountEach", bonus.definition().amount());
            why.put("events", ids.size());
            why.put("total", total);
            ObjectNode sources = why.putObject("sources");
            sources.put("object", plan.source());
            sources.put("count", ids.size());
            ArrayNode listed = sources.putArray("ids");
            ids.stream().limit(LISTED_IDS).forEach(listed::add);
            lines.add(new ComputedLine(bonus.component(), payee.partner(), bonus.paysPartner() ? "partner" : "user",
                    payee.payee(), count, null, 0, null, total, ids.size(), why));
        });
        return lines;
    }

    private static boolean qualifies(PolicyPlan.BonusPlan bonus, Map<List<String>, Object> values, long id) {
        RecordContext record = new RecordContext() {
            @Override
            public Object value(List<String> path) {
                return values.get(path);
            }

            @Override
            public Object prior(List<String> path) {
                return null;
            }

            @Override
            public Actor user() {
                return BATCH;
            }
        };
        try {
            return Boolean.TRUE.equals(bonus.condition().evaluate(record));
        } catch (EvaluationException e) {
            // one record's data cannot be computed (a division by zero): it earns nothing, the rest still do
            return false;
        }
    }

    private static ObjectNode header(PolicyPlan plan, RebatePeriod period) {
        ObjectNode why = Json.object();
        why.put("policy", plan.policy.name());
        why.put("version", plan.version);
        why.put("period", period.toString());
        why.put("periodStart", period.start().toString());
        why.put("periodEnd", period.end().toString());
        return why;
    }

    private static ObjectNode measure(RebatePolicyDefinition.Measure measure, BigDecimal value) {
        ObjectNode m = Json.object();
        m.put("aggregate", measure.aggregate().jsonName());
        if (measure.field() != null) {
            m.put("field", measure.field());
        }
        m.put("value", value);
        return m;
    }

    /** How to list the records: a record query on the source a caller can run (or {@code sourceRecords}). */
    private static ObjectNode query(PolicyPlan plan, RebatePeriod period, long partner) {
        ObjectNode q = Json.object();
        q.put("partnerPath", plan.policy.partner());
        q.put("partnerId", partner);
        q.put("datePath", plan.policy.date());
        q.put("from", period.start().toString());
        q.put("until", period.end().toString());
        if (plan.policy.scope() != null) {
            q.set("scope", plan.policy.scope());
        }
        if (plan.policy.partnerScope() != null) {
            q.set("partnerScope", plan.policy.partnerScope());
        }
        return q;
    }
}
