package dev.trellis.rule.rebate;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a ledger line stands: {@code accrued} (recomputes keep it up to date), {@code approved} and
 * {@code paid} (frozen: a later change of the figures lands on a new difference line).
 */
public enum LedgerStatus {
    ACCRUED, APPROVED, PAID;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase();
    }

    public static LedgerStatus fromJson(String json) {
        return valueOf(json.toUpperCase());
    }
}
