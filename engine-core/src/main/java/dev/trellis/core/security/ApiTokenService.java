package dev.trellis.core.security;

import dev.trellis.core.Actor;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * API tokens for integrations: {@code trl_} and 32 random bytes (base64url), stored only as a SHA-256,
 * each acting with one role of its user. Nothing about a token is cached, so a revoke, a disable or a
 * role taken away stops the next request.
 */
public interface ApiTokenService {

    /** A token for the actor acting with {@code role}, one of the actor's roles; the secret is returned once. */
    IssuedApiToken create(Actor actor, String name, String role, OffsetDateTime expiresAt);

    /** The actor's own tokens; administrators see everyone's. Newest first. */
    List<ApiToken> list(Actor actor);

    /** The owner or an administrator revokes a token; revoking twice changes nothing. */
    void revoke(Actor actor, long id);

    /**
     * The token's user narrowed to the token's role, if the token is known, neither revoked nor expired,
     * and its user is enabled and still holds the role. Failures are logged with the client's address;
     * successes when the token's last use is noted (at most once a minute).
     */
    Optional<Actor> authenticate(String token, String client);
}
