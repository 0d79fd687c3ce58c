package dev.trellis.core.metadata;

/** Published after the transaction that made a new generation of an app live has committed. */
public record MetadataPublishedEvent(String app, int generation) {
}
