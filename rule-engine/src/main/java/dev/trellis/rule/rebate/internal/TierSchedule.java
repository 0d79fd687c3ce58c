package dev.trellis.rule.rebate.internal;

import dev.trellis.rule.rebate.RebatePolicyDefinition.Tier;
import dev.trellis.rule.rebate.RebatePolicyDefinition.TierMethod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The arithmetic of tiers. {@code whole}: the highest tier the metric reaches pays its rate on the whole
 * base (or its fixed amount). {@code progressive}: each band between two thresholds pays its own rate on the
 * part of the metric inside it, like income tax. A cap then limits the amount. Money is rounded half up to
 * cents once, at the end.
 */
final class TierSchedule {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** The outcome: tier reached (1-based, 0 for none), its rate (null for a fixed amount) and the amount. */
    record Outcome(int tier, BigDecimal rate, BigDecimal uncapped, BigDecimal amount, boolean capped) {
    }

    private final List<Tier> tiers;
    private final TierMethod method;
    private final BigDecimal cap;

    TierSchedule(List<Tier> tiers, TierMethod method, BigDecimal cap) {
        this.tiers = List.copyOf(tiers);
        this.method = method;
        this.cap = cap;
    }

    Outcome apply(BigDecimal metric, BigDecimal base) {
        int reached = 0;
        for (int i = 0; i < tiers.size(); i++) {
            if (metric.compareTo(tiers.get(i).from()) >= 0) {
                reached = i + 1;
            }
        }
        if (reached == 0) {
            return new Outcome(0, null, BigDecimal.ZERO.setScale(2), BigDecimal.ZERO.setScale(2), false);
        }
        Tier tier = tiers.get(reached - 1);
        BigDecimal raw = method == TierMethod.PROGRESSIVE ? progressive(metric) : tier.rate() == null
                ? tier.amount() : base.multiply(tier.rate()).divide(HUNDRED);
        BigDecimal uncapped = raw.setScale(2, RoundingMode.HALF_UP);
        boolean capped = cap != null && uncapped.compareTo(cap) > 0;
        return new Outcome(reached, tier.rate(), uncapped, capped ? cap.setScale(2, RoundingMode.HALF_UP) : uncapped,
                capped);
    }

    /** The sum over the bands the metric reaches of (the part of the metric in the band) x (its rate). */
    private BigDecimal progressive(BigDecimal metric) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            BigDecimal from = tiers.get(i).from();
            if (metric.compareTo(from) <= 0) {
                break;
            }
            BigDecimal upTo = i + 1 < tiers.size() ? metric.min(tiers.get(i + 1).from()) : metric;
            sum = sum.add(upTo.subtract(from).multiply(tiers.get(i).rate()).divide(HUNDRED));
        }
        return sum;
    }

    /** One band of a progressive schedule: the part of the metric between two thresholds and what it pays. */
    record Band(BigDecimal from, BigDecimal to, BigDecimal rate, BigDecimal counted, BigDecimal amount) {
    }

    /** The bands the metric reaches, for the explanation of a progressive line. */
    List<Band> bands(BigDecimal metric) {
        List<Band> bands = new java.util.ArrayList<>();
        for (int i = 0; i < tiers.size() && metric.compareTo(tiers.get(i).from()) > 0; i++) {
            BigDecimal from = tiers.get(i).from();
            BigDecimal to = i + 1 < tiers.size() ? tiers.get(i + 1).from() : null;
            BigDecimal counted = (to == null ? metric : metric.min(to)).subtract(from);
            bands.add(new Band(from, to, tiers.get(i).rate(), counted,
                    counted.multiply(tiers.get(i).rate()).divide(HUNDRED).setScale(2, RoundingMode.HALF_UP)));
        }
        return bands;
    }

    /** The next tier above the one reached, or null at the top: what a partner is working towards. */
    Tier next(int reached) {
        return reached < tiers.size() ? tiers.get(reached) : null;
    }
}
