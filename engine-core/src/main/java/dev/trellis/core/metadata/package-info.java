/**
 * The metadata model: definitions as immutable records, the versioned store's API
 * ({@link dev.trellis.core.metadata.MetadataService}) and published generations
 * ({@link dev.trellis.core.metadata.PublishedApp}).
 */
package dev.trellis.core.metadata;
