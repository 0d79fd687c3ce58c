package dev.trellis.rule.rebate;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * One line of the rebate ledger: what a policy (at a version) earned a payee from one partner's records in
 * one period. {@code kind} is {@code accrual} for the first line of a period, {@code difference} for a line
 * that carries a change after earlier lines were approved or paid. {@code total} is what the period earns
 * in all as last computed; {@code amount} is this line's part of it. {@code explanation} says how: policy,
 * version, metric, tier reached, rate, cap, the source records counted and how to list them.
 *
 * @param component  {@code rebate}, or {@code bonus:<name>}
 * @param payeeKind  {@code partner} or {@code user}
 */
public record LedgerLine(long id, String app, String policy, int policyVersion, String component, long partnerId,
        String payeeKind, long payeeId, RebatePeriod period, String kind, BigDecimal metric, BigDecimal base, int tier,
        BigDecimal rate, BigDecimal total, BigDecimal amount, LedgerStatus status, OffsetDateTime computedAt,
        OffsetDateTime approvedAt, String approvedBy, OffsetDateTime paidAt, String paidBy, JsonNode explanation) {

    public static final String REBATE = "rebate";
    public static final String BONUS_PREFIX = "bonus:";
}
