/**
 * engine-core: the metadata model and its versioned store, schema migration from metadata diffs,
 * the record service (CRUD, query, bulk) with its audit log and events, platform users, and the
 * embedded PostgreSQL. The root package is the module's API: exceptions, {@link dev.trellis.core.Problem},
 * {@link dev.trellis.core.Actor} and the Spring wiring.
 */
package dev.trellis.core;
