package dev.trellis.core.security;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/** One entry of the {@link OperationLog}. {@code actorId} is null when nobody was signed in. */
public record OperationLogEntry(long id, OffsetDateTime at, Long actorId, String actor, String action, String target,
        JsonNode detail, String client) {
}
