/** The database the platform runs on: the embedded PostgreSQL and the platform's own tables. */
package dev.trellis.core.db;
