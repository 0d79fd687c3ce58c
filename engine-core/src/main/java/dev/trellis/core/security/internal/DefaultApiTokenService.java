package dev.trellis.core.security.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.security.ApiToken;
import dev.trellis.core.security.ApiTokenService;
import dev.trellis.core.security.IssuedApiToken;
import dev.trellis.core.security.OperationLog;
import dev.trellis.core.security.UserAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * API tokens in {@code trellis_sys.api_token}. A token has 256 random bits, so a plain SHA-256 is enough
 * to keep it safe at rest (no slow hash is needed against guessing) and fast enough to check on every
 * request, which is why nothing about a token is cached.
 */
public final class DefaultApiTokenService implements ApiTokenService {

    private static final String PREFIX = "trl_";
    private static final int MAX_NAME = 100;

    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final TransactionTemplate tx;
    private final OperationLog log;
    private final SecureRandom random = new SecureRandom();

    public DefaultApiTokenService(DSLContext dsl, TransactionTemplate tx, OperationLog log) {
        this.tokens = new ApiTokenRepository(dsl);
        this.users = new UserRepository(dsl);
        this.tx = tx;
        this.log = log;
    }

    @Override
    public IssuedApiToken create(Actor actor, String name, String role, OffsetDateTime expiresAt) {
        List<Problem> problems = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            problems.add(Problem.of("token-name-invalid", "/name", "1 to " + MAX_NAME + " characters"));
        }
        if (role == null || !actor.roles().contains(role)) {
            problems.add(Problem.of("token-role-not-held", "/role", "a token acts with one of your own roles "
                    + actor.roles().stream().sorted().toList()));
        }
        if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now())) {
            problems.add(Problem.of("token-expiry-past", "/expiresAt", "the expiry must lie in the future"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        String secret = PREFIX + randomPart();
        return tx.execute(status -> {
            long id = tokens.insert(actor.userId(), name, sha256(secret), role, expiresAt);
            ApiToken token = tokens.find(id).orElseThrow();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("name", name);
            detail.put("role", role);
            detail.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
            log.record(actor, "token.create", target(token), detail);
            return new IssuedApiToken(token, secret);
        });
    }

    @Override
    public List<ApiToken> list(Actor actor) {
        return tokens.list(actor.isAdmin() ? null : actor.userId());
    }

    @Override
    public void revoke(Actor actor, long id) {
        tx.executeWithoutResult(status -> {
            // another user's token is as unknown as a missing one: its existence is nobody else's business
            ApiToken token = tokens.find(id).filter(t -> actor.isAdmin() || t.userId() == actor.userId())
                    .orElseThrow(() -> new NotFoundException("token-not-found", "no token " + id));
            if (tokens.revoke(id)) {
                log.record(actor, "token.revoke", target(token), Map.of("name", token.name(), "owner", token.username()));
            }
        });
    }

    @Override
    public Optional<Actor> authenticate(String token, String client) {
        Optional<ApiTokenRepository.Found> found = token == null || !token.startsWith(PREFIX) ? Optional.empty()
                : tokens.findByHash(sha256(token));
        if (found.isEmpty()) {
            log.record(null, null, client, "login.failure", null, Map.of("method", "token", "reason", "unknown-token"));
            return Optional.empty();
        }
        ApiToken t = found.get().token();
        Optional<UserAccount> account = users.find(t.userId());
        String refusal = t.revokedAt() != null ? "revoked"
                : found.get().expired() ? "expired"
                : account.isEmpty() || !account.get().enabled() ? "disabled"
                : !account.get().roles().contains(t.role()) ? "role-not-held"
                : null;
        if (refusal != null) {
            log.record(null, t.username(), client, "login.failure", t.username(),
                    Map.of("method", "token", "tokenId", t.id(), "reason", refusal));
            return Optional.empty();
        }
        Actor actor = account.get().actor().withRoles(Set.of(t.role()));
        if (tokens.noteUse(t.id())) {
            log.record(actor, t.username(), client, "login.success", t.username(),
                    Map.of("method", "token", "tokenId", t.id(), "role", t.role()));
        }
        return Optional.of(actor);
    }

    private String randomPart() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String target(ApiToken token) {
        return "token/" + token.id();
    }
}
