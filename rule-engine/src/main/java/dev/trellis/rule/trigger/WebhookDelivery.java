package dev.trellis.rule.trigger;

import java.time.OffsetDateTime;

/**
 * One attempt to deliver a webhook: the HTTP status when a response came, or why none did.
 *
 * @param response the start of the response body
 */
public record WebhookDelivery(long outboxId, int attempt, OffsetDateTime at, Integer statusCode, String error,
        int durationMillis, String response) {
}
