package dev.trellis.rule.rebate;

import java.time.LocalDate;

/**
 * Which ledger lines to read; every criterion is optional (null). {@code period} is any day of the period.
 * At most {@code limit} lines (1 to 10,000), ordered by period, policy, partner and id.
 */
public record LedgerQuery(String policy, Long partnerId, LocalDate period, LedgerStatus status, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public static LedgerQuery all() {
        return new LedgerQuery(null, null, null, null, MAX_LIMIT);
    }

    public LedgerQuery withPolicy(String p) {
        return new LedgerQuery(p, partnerId, period, status, limit);
    }

    public LedgerQuery withPartner(Long partner) {
        return new LedgerQuery(policy, partner, period, status, limit);
    }

    public LedgerQuery withPeriod(LocalDate day) {
        return new LedgerQuery(policy, partnerId, day, status, limit);
    }

    public LedgerQuery withStatus(LedgerStatus s) {
        return new LedgerQuery(policy, partnerId, period, s, limit);
    }
}
