package dev.trellis.core.metadata;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * One immutable saved version of a metadata item. {@code status} is {@code draft} (saved after the
 * published version), {@code published} (live) or {@code superseded}; a version with
 * {@code deleted} set removes the item when published.
 */
public record MetadataVersion(
        String app,
        String kind,
        String name,
        int version,
        String status,
        boolean deleted,
        JsonNode body,
        String author,
        OffsetDateTime createdAt,
        String comment,
        OffsetDateTime publishedAt) {
}
