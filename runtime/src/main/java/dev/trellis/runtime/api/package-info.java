/** The REST API under {@code /api/v1}: metadata, records, users and the generated OpenAPI documents. */
package dev.trellis.runtime.api;
