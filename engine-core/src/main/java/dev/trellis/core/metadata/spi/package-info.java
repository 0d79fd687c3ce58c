/** Extension points of the metadata store: engines add their metadata kinds here. */
package dev.trellis.core.metadata.spi;
