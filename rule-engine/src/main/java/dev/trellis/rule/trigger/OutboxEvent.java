package dev.trellis.rule.trigger;

import java.time.OffsetDateTime;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A side effect written in a record's transaction and handled after it commits.
 *
 * @param type        {@value #WEBHOOK} or {@value #FLOW_START}
 * @param eventId     the id receivers see, to drop a repeated delivery (delivery is at least once)
 * @param source      the trigger that wrote it
 * @param destination the webhook's URL, or the flow's name
 * @param status      {@code pending}, {@code done} or {@code failed} (given up)
 */
public record OutboxEvent(long id, UUID eventId, String type, String app, String object, long recordId, String source,
        String destination, JsonNode payload, String status, int attempts, OffsetDateTime nextAttemptAt,
        OffsetDateTime createdAt, OffsetDateTime doneAt, String lastError) {

    public static final String WEBHOOK = "webhook";

    /**
     * A request to start a flow for a record. Payload: {@code {"flow", "app", "object", "recordId", "trigger",
     * "actor": {"id", "username"}, "variables": {…}}}. The workflow engine takes these with
     * {@link OutboxService#consume}, in the transaction that starts the process.
     */
    public static final String FLOW_START = "flow.start";

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
}
