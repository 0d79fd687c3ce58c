package dev.trellis.core.record;

/** One sort key; null values sort last whatever the direction. */
public record SortOrder(String field, boolean descending) {
}
