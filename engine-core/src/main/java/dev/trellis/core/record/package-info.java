/**
 * The record service: the one way records are written and read. It converts and checks values
 * against the published metadata, writes the audit log in the same statement as the change, emits
 * {@link dev.trellis.core.record.RecordChangedEvent}s in the transaction, and answers queries with
 * nested filters and keyset paging.
 */
package dev.trellis.core.record;
