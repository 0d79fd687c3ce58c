/**
 * The runtime: the Spring Boot application that serves the REST API (and later the generated apps and
 * the partner portal), secures it, and runs on the embedded PostgreSQL unless told to use another.
 */
package dev.trellis.runtime;
