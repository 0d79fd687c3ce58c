/**
 * The REST API under {@code /api/v1}: metadata, records, users, departments, API tokens, the operation
 * log and the generated OpenAPI documents.
 */
package dev.trellis.runtime.api;
