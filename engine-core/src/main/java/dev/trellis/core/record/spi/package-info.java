/** Extension points of the record service: listeners that act inside a record write's transaction. */
package dev.trellis.core.record.spi;
