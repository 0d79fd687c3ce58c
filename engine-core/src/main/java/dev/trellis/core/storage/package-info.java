/**
 * How published objects are stored: the compiled table of an object ({@link dev.trellis.core.storage.ObjectTable}),
 * the column type of each field type, the names of schemas, constraints and indexes, and the conversion of
 * JSON values to column values. Shared by schema migration and the record service so both agree.
 */
package dev.trellis.core.storage;
