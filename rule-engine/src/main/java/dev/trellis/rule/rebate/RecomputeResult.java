package dev.trellis.rule.rebate;

import java.math.BigDecimal;

/**
 * What a full recompute of a policy for a period did: the version it used, the open lines it wrote
 * (new or updated, {@code differences} of them difference lines after approved or paid ones), the open
 * lines it removed (their partner no longer has records in scope) and the period's total over all lines.
 */
public record RecomputeResult(String policy, int policyVersion, RebatePeriod period, int sourceRecords, int written,
        int differences, int removed, BigDecimal total) {
}
