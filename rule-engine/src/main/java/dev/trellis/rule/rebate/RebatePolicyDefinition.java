package dev.trellis.rule.rebate;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A rebate or incentive policy: over each {@code period}, the {@code source} records in {@code scope} are
 * aggregated per partner (reached through the lookups of {@code partner}) into a {@code metric}; the
 * highest tier the metric reaches sets the rate (of the {@code base}, or of the metric) or a fixed amount,
 * applied to the whole amount or band by band ({@code method}), up to {@code cap}. {@code bonuses} pay a
 * fixed amount per source record that meets a condition. In force for the periods from {@code validFrom}
 * up to, not including, {@code validTo}.
 *
 * @param date         the date deciding a record's period: a field of the source, or a path through lookups
 *                     ({@code sales_order.order_date})
 * @param partner      the path of lookups from the source to the partner ({@code sales_order.partner})
 * @param scope        a record filter on the source object ({@code {"field": "product_line", "op": "eq",
 *                     "value": "A"}}), or null for every record
 * @param partnerScope a record filter on the partner object (tier, region), or null for every partner
 */
public record RebatePolicyDefinition(String name, Map<String, String> label, String description, Boolean active,
        String source, String date, String partner, JsonNode scope, JsonNode partnerScope, PeriodUnit period,
        Measure metric, Measure base, List<Tier> tiers, TierMethod method, BigDecimal cap, List<Bonus> bonuses,
        LocalDate validFrom, LocalDate validTo) {

    public RebatePolicyDefinition {
        label = label == null ? Map.of() : Map.copyOf(label);
        active = active == null || active;
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        method = method == null ? TierMethod.WHOLE : method;
        bonuses = bonuses == null ? List.of() : List.copyOf(bonuses);
        if (scope != null && scope.isNull()) {
            scope = null;
        }
        if (partnerScope != null && partnerScope.isNull()) {
            partnerScope = null;
        }
    }

    /** What the rate of a tier is a percentage of: the base when there is one, else the metric. */
    public Measure rateBase() {
        return base != null ? base : metric;
    }

    /** Whether the policy is active and its validity covers the whole period. */
    public boolean covers(RebatePeriod p) {
        return active && (validFrom == null || !validFrom.isAfter(p.start()))
                && (validTo == null || !validTo.isBefore(p.end()));
    }

    /** Whether the policy is in force on a day. */
    public boolean inForce(LocalDate day) {
        return active && (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || day.isBefore(validTo));
    }

    /** An aggregate over the source records of a partner and period. */
    public record Measure(Aggregate aggregate, String field) {
    }

    public enum Aggregate {
        SUM, COUNT, COUNT_DISTINCT;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase();
        }

        @JsonCreator
        static Aggregate fromJson(String json) {
            return Arrays.stream(values()).filter(a -> a.jsonName().equals(json)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown aggregate " + json));
        }
    }

    /**
     * From {@code from} on (inclusive) the tier pays {@code rate} percent, or the fixed {@code amount}.
     */
    public record Tier(BigDecimal from, BigDecimal rate, BigDecimal amount) {
    }

    /** {@code whole}: the tier reached applies to the whole amount; {@code progressive}: each band at its own rate. */
    public enum TierMethod {
        WHOLE, PROGRESSIVE;

        @JsonValue
        public String jsonName() {
            return name().toLowerCase();
        }

        @JsonCreator
        static TierMethod fromJson(String json) {
            return Arrays.stream(values()).filter(m -> m.jsonName().equals(json)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown tier method " + json));
        }
    }

    /**
     * A fixed {@code amount} for each source record in scope for which {@code condition} is true; with
     * {@code firstPer}, only for the first record ever (by date, then id) of each value of that path
     * ({@code sales_order.customer}: a new customer's first order). Paid to the partner
     * ({@code payee: "partner"}) or to the owner of a record on the way ({@code owner_id},
     * {@code sales_order.owner_id}: the salesperson).
     */
    public record Bonus(String name, String condition, String firstPer, BigDecimal amount, String payee) {
    }
}
