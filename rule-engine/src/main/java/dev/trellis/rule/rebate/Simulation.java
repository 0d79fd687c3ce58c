package dev.trellis.rule.rebate;

import java.math.BigDecimal;
import java.util.List;

/**
 * A policy run against a period without writing the ledger, next to what the ledger holds for the policy
 * it is compared with: per partner and in total. Nothing was written to compute it.
 *
 * @param comparedWith the policy whose ledger lines are the "accrued" side
 */
public record Simulation(String policy, String comparedWith, RebatePeriod period, int sourceRecords,
        List<PartnerComparison> partners, BigDecimal simulatedTotal, BigDecimal accruedTotal, BigDecimal difference) {

    /** One partner: the simulated lines (rebate and bonuses) and the sums on both sides. */
    public record PartnerComparison(long partnerId, BigDecimal simulated, BigDecimal accrued, BigDecimal difference,
            List<ComputedLine> lines) {
    }

    public PartnerComparison partner(long partnerId) {
        return partners.stream().filter(p -> p.partnerId() == partnerId).findFirst().orElse(null);
    }
}
