package dev.trellis.rule.rebate;

import java.math.BigDecimal;
import tools.jackson.databind.JsonNode;

/**
 * What a policy earns one payee from one partner's records in a period, as computed (before the ledger
 * subtracts approved and paid lines): the figures and their explanation.
 */
public record ComputedLine(String component, long partnerId, String payeeKind, long payeeId, BigDecimal metric,
        BigDecimal base, int tier, BigDecimal rate, BigDecimal total, long sourceRecords, JsonNode explanation) {
}
