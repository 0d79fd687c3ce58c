package dev.trellis.core.security;

import java.time.OffsetDateTime;

/**
 * An API token as its owner and administrators see it; the secret itself is never kept.
 *
 * @param role      the one role a request with this token acts with
 * @param expiresAt when it stops working, or null for never
 */
public record ApiToken(long id, long userId, String username, String name, String role, OffsetDateTime createdAt,
        OffsetDateTime expiresAt, OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
}
