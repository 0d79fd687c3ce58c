/**
 * The performance bench of the record service: single-record operations against hand-written jOOQ on
 * the same table, and bulk creation against PostgreSQL COPY, all on one embedded PostgreSQL in one run.
 * Run it with {@link dev.trellis.bench.RecordServiceBench}; nothing here is used by the product.
 */
package dev.trellis.bench;
