package dev.trellis.rule.rebate.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.core.record.Filter;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.ValueType;
import dev.trellis.rule.rebate.LedgerLine;
import dev.trellis.rule.rebate.RebatePolicyDefinition;
import dev.trellis.rule.rebate.RebatePolicyDefinition.Aggregate;
import dev.trellis.rule.rebate.RebatePolicyDefinition.Bonus;
import dev.trellis.rule.rebate.RebatePolicyDefinition.Measure;
import dev.trellis.rule.rebate.RebatePolicyDefinition.Tier;
import dev.trellis.rule.rebate.RebatePolicyDefinition.TierMethod;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import tools.jackson.databind.JsonNode;

/**
 * Checks a policy against the app's objects and compiles it into a {@link PolicyPlan}. Checking and compiling
 * are one pass, so what validation accepts is exactly what runs: every path is resolved into joins, every
 * filter compiled, every expression checked by the expression service. All problems are collected, each at
 * the JSON pointer of what is wrong.
 */
final class PolicyCompiler {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Set<String> USER_COLUMNS = Set.of(ObjectTable.OWNER_ID, ObjectTable.CREATED_BY);
    static final String PAYEE_PARTNER = "partner";

    private final ExpressionService expressions;

    PolicyCompiler(ExpressionService expressions) {
        this.expressions = expressions;
    }

    /** The plan, or null when there are problems (added to {@code problems}). */
    PolicyPlan compile(String app, Function<String, Optional<ObjectDefinition>> objects, RebatePolicyDefinition policy,
            int version, List<Problem> problems) {
        int before = problems.size();
        MetadataNames.check(policy.name(), "/name", problems);
        checkTiers(policy, problems);
        checkValidity(policy, problems);
        ObjectDefinition source = policy.source() == null ? null : objects.apply(policy.source()).orElse(null);
        if (source == null) {
            problems.add(Problem.of("object-unknown", "/source", "the app has no object named '" + policy.source() + "'"));
            return null;
        }
        SourceJoins joins = new SourceJoins(app, source, objects, "");
        SourceJoins.Resolved partner = partnerPath(joins, policy.partner(), "/partner", problems);
        String partnerObject = partner == null ? null : partner.definition().target();
        if (partner != null && policy.partnerScope() != null) {
            objects.apply(partnerObject).ifPresent(p -> {
                SourceJoins.Hop hop = joins.follow(partner.hop(), partner.column(), p);
                filter(joins, hop, policy.partnerScope(), "/partnerScope", problems);
            });
        }
        SourceJoins.Resolved date = datePath(joins, policy.date(), "/date", problems);
        if (policy.scope() != null) {
            filter(joins, joins.root(), policy.scope(), "/scope", problems);
        }
        SourceJoins.Resolved metric = measure(joins, policy.metric(), "/metric", problems);
        SourceJoins.Resolved base = null;
        if (policy.base() != null) {
            if (policy.base().aggregate() != Aggregate.SUM) {
                problems.add(Problem.of("base-aggregate-invalid", "/base/aggregate",
                        "a base is what a rate is a percentage of: a sum"));
            } else {
                base = measure(joins, policy.base(), "/base", problems);
            }
        }
        List<PolicyPlan.BonusPlan> bonuses = new ArrayList<>();
        Set<String> bonusNames = new HashSet<>();
        for (int i = 0; i < policy.bonuses().size(); i++) {
            Bonus bonus = policy.bonuses().get(i);
            if (!bonusNames.add(bonus.name())) {
                problems.add(Problem.of("bonus-name-duplicate", "/bonuses/" + i + "/name", "another bonus of the policy"
                        + " is named '" + bonus.name() + "'"));
            }
            PolicyPlan.BonusPlan plan = bonus(app, objects, source, joins, policy, bonus, "/bonuses/" + i, problems);
            if (plan != null) {
                bonuses.add(plan);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new PolicyPlan(app, policy, version, joins, partner, partnerObject, date, metric, base, bonuses);
    }

    /** A chain of lookups whose last one points at the partner; every hop on it is an inner join. */
    private static SourceJoins.Resolved partnerPath(SourceJoins joins, String path, String jsonPath,
            List<Problem> problems) {
        SourceJoins.Resolved resolved = joins.resolve(path, true, jsonPath, problems).orElse(null);
        if (resolved != null && !resolved.definition().type().isReference()) {
            problems.add(Problem.of("partner-path-not-lookup", jsonPath, "the partner path must end in a lookup to the"
                    + " partner; '" + resolved.column() + "' of object " + resolved.hop().object() + " is a "
                    + resolved.definition().type().jsonName() + " field"));
            return null;
        }
        return resolved;
    }

    private static SourceJoins.Resolved datePath(SourceJoins joins, String path, String jsonPath,
            List<Problem> problems) {
        SourceJoins.Resolved resolved = joins.resolve(path, true, jsonPath, problems).orElse(null);
        if (resolved != null && resolved.definition().type() != FieldType.DATE
                && resolved.definition().type() != FieldType.DATETIME) {
            problems.add(Problem.of("date-field-type", jsonPath, "the date must be a date or datetime field; '"
                    + resolved.column() + "' is a " + resolved.definition().type().jsonName() + " field"));
            return null;
        }
        return resolved;
    }

    private static void filter(SourceJoins joins, SourceJoins.Hop hop, JsonNode json, String jsonPath,
            List<Problem> problems) {
        List<Problem> found = new ArrayList<>();
        Filter filter = Filter.parse(json, jsonPath, found);
        Condition condition = filter == null || !found.isEmpty() ? null : dev.trellis.core.record.FilterConditions.compile(hop.table, filter, found);
        if (condition != null) {
            joins.filter(hop, filter, condition);
        }
        problems.addAll(found);
    }

    /** A sum of a numeric field of the source, a count of records, or a count of the distinct values of a path. */
    private static SourceJoins.Resolved measure(SourceJoins joins, Measure measure, String jsonPath,
            List<Problem> problems) {
        if (measure.aggregate() == Aggregate.COUNT) {
            if (measure.field() != null) {
                problems.add(Problem.of("measure-field-unexpected", jsonPath + "/field", "count counts records;"
                        + " to count the distinct values of a field use count_distinct"));
            }
            return null;
        }
        if (measure.field() == null) {
            problems.add(Problem.of("measure-field-required", jsonPath + "/field", measure.aggregate().jsonName()
                    + " needs a field"));
            return null;
        }
        if (measure.aggregate() == Aggregate.SUM && measure.field().contains(".")) {
            problems.add(Problem.of("measure-field-not-own", jsonPath + "/field", "a sum adds a field of the source"
                    + " record itself; a field of a record reached through a lookup would count once per source record"));
            return null;
        }
        SourceJoins.Resolved resolved = joins.resolve(measure.field(), false, jsonPath + "/field", problems)
                .orElse(null);
        if (resolved != null && measure.aggregate() == Aggregate.SUM && !resolved.definition().type().isNumeric()) {
            problems.add(Problem.of("measure-field-not-numeric", jsonPath + "/field", "a sum needs a number field; '"
                    + resolved.column() + "' is a " + resolved.definition().type().jsonName() + " field"));
            return null;
        }
        return resolved;
    }

    private static void checkTiers(RebatePolicyDefinition policy, List<Problem> problems) {
        boolean progressive = policy.method() == TierMethod.PROGRESSIVE;
        boolean counted = policy.metric() != null && policy.metric().aggregate() != Aggregate.SUM;
        if (progressive && policy.base() != null) {
            problems.add(Problem.of("progressive-base-unsupported", "/base", "progressive tiers pay each band of the"
                    + " metric at its rate, so there is no separate base"));
        }
        List<Tier> tiers = policy.tiers();
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            String path = "/tiers/" + i;
            if ((tier.rate() == null) == (tier.amount() == null)) {
                problems.add(Problem.of("tier-rate-or-amount", path, "a tier pays either a rate (percent) or a fixed"
                        + " amount"));
            }
            if (tier.rate() != null && (tier.rate().signum() < 0 || tier.rate().compareTo(HUNDRED) > 0)) {
                problems.add(new Problem("rate-out-of-range", path + "/rate", "a rate is a percentage from 0 to 100; "
                        + tier.rate().toPlainString() + " is not", Map.of("rate", tier.rate())));
            }
            if (progressive && tier.rate() == null) {
                problems.add(Problem.of("progressive-tier-needs-rate", path, "progressive tiers each pay a rate on"
                        + " their band"));
            }
            if (!progressive && tier.rate() != null && counted && policy.base() == null) {
                problems.add(Problem.of("tier-rate-needs-base", path + "/rate", "the metric counts; a rate needs a base"
                        + " (a sum) to be a percentage of, or give the tier a fixed amount"));
            }
            if (i > 0 && tier.from() != null && tiers.get(i - 1).from() != null
                    && tier.from().compareTo(tiers.get(i - 1).from()) <= 0) {
                problems.add(new Problem("tiers-not-ascending", path + "/from", "tiers go up: " + tier.from()
                        .toPlainString() + " does not exceed the previous tier's " + tiers.get(i - 1).from()
                        .toPlainString(), Map.of("from", tier.from())));
            }
        }
    }

    private static void checkValidity(RebatePolicyDefinition policy, List<Problem> problems) {
        if (policy.validFrom() != null && policy.validTo() != null && !policy.validFrom().isBefore(policy.validTo())) {
            problems.add(Problem.of("validity-invalid", "/validTo", "validTo must come after validFrom"));
            return;
        }
        if (policy.period() == null) {
            return;
        }
        // a period is computed with one version: validity starts and ends where periods do
        if (policy.validFrom() != null && !policy.period().isBoundary(policy.validFrom())) {
            problems.add(Problem.of("validity-not-period-boundary", "/validFrom", "validFrom must be the first day of a "
                    + policy.period().jsonName() + ", e.g. " + policy.period().periodOf(policy.validFrom()).start()));
        }
        if (policy.validTo() != null && !policy.period().isBoundary(policy.validTo())) {
            problems.add(Problem.of("validity-not-period-boundary", "/validTo", "validTo must be the first day of a "
                    + policy.period().jsonName() + " (the first day no longer covered), e.g. "
                    + policy.period().periodOf(policy.validTo()).end()));
        }
    }

    private PolicyPlan.BonusPlan bonus(String app, Function<String, Optional<ObjectDefinition>> objects,
            ObjectDefinition source, SourceJoins joins, RebatePolicyDefinition policy, Bonus bonus, String path,
            List<Problem> problems) {
        int before = problems.size();
        ExpressionScope scope = new ExpressionScope(app, source, objects);
        problems.addAll(expressions.check(scope, bonus.condition(), ValueType.BOOLEAN, path + "/condition"));
        Map<List<String>, SourceJoins.Resolved> reads = new LinkedHashMap<>();
        Expression condition = null;
        if (problems.size() == before) {
            condition = expressions.compile(scope, bonus.condition(), ValueType.BOOLEAN);
            for (List<String> read : condition.paths()) {
                joins.resolve(read, false, path + "/condition", problems).ifPresent(r -> reads.put(read, r));
            }
        }
        SourceJoins.Resolved payee = null;
        String payeePath = bonus.payee() == null ? ObjectTable.OWNER_ID : bonus.payee();
        if (!payeePath.equals(PAYEE_PARTNER)) {
            payee = joins.resolve(payeePath, false, path + "/payee", problems).orElse(null);
            if (payee != null && !USER_COLUMNS.contains(payee.column())) {
                problems.add(Problem.of("payee-invalid", path + "/payee", "a bonus is paid to 'partner' or to a user:"
                        + " the owner_id or created_by of a record on the way (owner_id, sales_order.owner_id)"));
            }
        }
        SourceJoins.Resolved firstPer = null;
        PolicyPlan.FirstRecords first = null;
        if (bonus.firstPer() != null) {
            firstPer = joins.resolve(bonus.firstPer(), false, path + "/firstPer", problems).orElse(null);
            SourceJoins unfiltered = new SourceJoins(app, source, objects, "f");
            List<Problem> ignored = new ArrayList<>(); // the same paths already resolved (or failed) above
            var value = unfiltered.resolve(bonus.firstPer(), true, path + "/firstPer", ignored);
            var date = unfiltered.resolve(policy.date(), true, "", ignored);
            var partner = unfiltered.resolve(policy.partner(), true, "", ignored);
            var firstPayee = payeePath.equals(PAYEE_PARTNER) ? Optional.<SourceJoins.Resolved>empty()
                    : unfiltered.resolve(payeePath, false, "", ignored);
            if (value.isPresent() && date.isPresent() && partner.isPresent()
                    && (payeePath.equals(PAYEE_PARTNER) || firstPayee.isPresent())) {
                first = new PolicyPlan.FirstRecords(unfiltered, value.get(), date.get(), partner.get(),
                        firstPayee.orElse(null));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new PolicyPlan.BonusPlan(bonus, LedgerLine.BONUS_PREFIX + bonus.name(), condition, reads, payee,
                firstPer, first);
    }
}
