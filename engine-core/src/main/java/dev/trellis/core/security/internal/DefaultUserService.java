package dev.trellis.core.security.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.OperationLog;
import dev.trellis.core.security.SignInOutcome;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import dev.trellis.core.security.UserUpdate;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Users in {@code trellis_sys.app_user}: each write validates everything first, then changes the user
 * and logs it in one transaction; each password check counts failures and is logged.
 */
public final class DefaultUserService implements UserService {

    private final UserRepository repository;
    private final UserValidator validator;
    private final PasswordEncoder encoder;
    private final TransactionTemplate tx;
    private final OperationLog log;
    private final LoginThrottle throttle;
    /** Checked against when the username is unknown, so the answer takes as long as for a known one. */
    private final String decoyHash;

    public DefaultUserService(DSLContext dsl, PasswordEncoder encoder, TransactionTemplate tx, MetadataService metadata,
            OperationLog log, LoginThrottle throttle) {
        this.repository = new UserRepository(dsl);
        this.validator = new UserValidator(dsl, new PartnerAccounts(metadata, dsl));
        this.encoder = encoder;
        this.tx = tx;
        this.log = log;
        this.throttle = throttle;
        this.decoyHash = encoder.encode(generatePassword());
    }

    @Override
    public UserAccount create(Actor actor, NewUser user) {
        requireAdmin(actor, "user-create-forbidden", "only administrators create users");
        List<Problem> problems = new ArrayList<>();
        UserValidator.username(user.username(), problems);
        UserValidator.password(user.password(), "/password", problems);
        validator.membership(user.roles(), user.departmentId(), user.partner(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        try {
            return tx.execute(status -> {
                if (repository.usernameTaken(user.username())) {
                    throw taken(user.username());
                }
                long id = repository.insert(user.username(), encoder.encode(user.password()), user.displayName(),
                        user.departmentId(), user.partner(), user.roles());
                UserAccount created = repository.find(id).orElseThrow();
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("roles", new TreeSet<>(created.roles()));
                detail.put("departmentId", created.departmentId());
                detail.put("partner", created.partner());
                log.record(actor, "user.create", created.username(), detail);
                return created;
            });
        } catch (DataAccessException e) {
            if ("23505".equals(e.sqlState())) { // the same name created at the same moment
                throw taken(user.username());
            }
            throw e;
        }
    }

    @Override
    public UserAccount update(Actor actor, long id, UserUpdate update) {
        requireAdmin(actor, "user-update-forbidden", "only administrators change users");
        List<Problem> problems = new ArrayList<>();
        if (update.enabled() == null) {
            problems.add(Problem.of("enabled-required", "/enabled", "say whether the user is enabled"));
        }
        if (update.roles() == null) {
            problems.add(Problem.of("roles-required", "/roles", "give the user's roles (an empty list for none)"));
        }
        validator.membership(update.roles() == null ? Set.of() : update.roles(), update.departmentId(),
                update.partner(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return tx.execute(status -> {
            UserAccount before = repository.find(id).orElseThrow(() -> notFound(id));
            boolean staysAdmin = update.enabled() && update.partner() == null
                    && update.roles().contains(Actor.ADMIN_ROLE);
            boolean wasAdmin = before.enabled() && before.partner() == null && before.roles().contains(Actor.ADMIN_ROLE);
            if (wasAdmin && !staysAdmin && !repository.otherAdministratorExists(id)) {
                throw new ConflictException("last-administrator", "'" + before.username()
                        + "' is the last enabled administrator; make another one first",
                        List.of(Problem.of("last-administrator", "/roles", "the last administrator stays one")), null);
            }
            repository.update(id, update.displayName(), update.enabled(), update.departmentId(), update.partner(),
                    update.roles());
            UserAccount after = repository.find(id).orElseThrow();
            Map<String, Object> changes = changes(before, after);
            if (!changes.isEmpty()) {
                log.record(actor, "user.update", after.username(), changes);
            }
            return after;
        });
    }

    /** {@code {"field": [old, new]}} for every field that changed, as the record audit writes them. */
    private static Map<String, Object> changes(UserAccount before, UserAccount after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        change(changes, "displayName", before.displayName(), after.displayName());
        change(changes, "enabled", before.enabled(), after.enabled());
        change(changes, "roles", new TreeSet<>(before.roles()), new TreeSet<>(after.roles()));
        change(changes, "departmentId", before.departmentId(), after.departmentId());
        change(changes, "partner", before.partner(), after.partner());
        return changes;
    }

    private static void change(Map<String, Object> changes, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changes.put(field, Arrays.asList(before, after));
        }
    }

    @Override
    public void setPassword(Actor actor, long id, String currentPassword, String newPassword) {
        boolean self = actor.userId() == id;
        if (!actor.isAdmin() && !self) {
            throw new ForbiddenException("user-password-forbidden", "only administrators set other users' passwords");
        }
        List<Problem> problems = new ArrayList<>();
        UserValidator.password(newPassword, "/password", problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        UserAccount user = repository.find(id).orElseThrow(() -> notFound(id));
        if (!actor.isAdmin()) {
            // a session left open must not be enough to take the account over
            SignInOutcome check = authenticate(user.username(), currentPassword, null);
            if (check instanceof SignInOutcome.Locked locked) {
                throw new ForbiddenException("account-locked", locked.message());
            }
            if (check.accepted().isEmpty()) {
                throw InvalidException.of("password-current-wrong", "/currentPassword", "the current password is wrong");
            }
        }
        tx.executeWithoutResult(status -> {
            repository.setPasswordHash(id, encoder.encode(newPassword));
            log.record(actor, "user.password", user.username(), Map.of());
        });
    }

    @Override
    public UserAccount get(Actor actor, long id) {
        if (!actor.isAdmin() && actor.userId() != id) {
            throw new ForbiddenException("user-read-forbidden", "only administrators read other users");
        }
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    @Override
    public Optional<UserAccount> findByUsername(String username) {
        return repository.findByUsername(username);
    }

    @Override
    public SignInOutcome authenticate(String username, String password, String client) {
        Optional<UserRepository.Credentials> found = username == null ? Optional.empty()
                : repository.findCredentials(username);
        if (found.isEmpty()) {
            encoder.matches(password == null ? "" : password, decoyHash);
            log.record(null, username, client, "login.failure", username, Map.of("reason", "unknown-user"));
            return new SignInOutcome.Refused();
        }
        UserRepository.Credentials credentials = found.get();
        UserAccount account = credentials.account();
        if (credentials.lockedUntil() != null) {
            // the password is not even looked at: a right guess during the lock must not be told apart
            log.record(null, username, client, "login.locked", username,
                    Map.of("until", credentials.lockedUntil().toString()));
            return new SignInOutcome.Locked(credentials.lockedUntil());
        }
        if (password == null || !encoder.matches(password, credentials.passwordHash())) {
            UserRepository.Failure failure = repository.recordFailure(account.id(), throttle.maxFailures(),
                    throttle.lockDuration());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("reason", "wrong-password");
            detail.put("failedLogins", failure.failedLogins());
            if (failure.lockedUntil() != null) {
                detail.put("lockedUntil", failure.lockedUntil().toString());
            }
            log.record(null, username, client, "login.failure", username, detail);
            return failure.lockedUntil() == null ? new SignInOutcome.Refused()
                    : new SignInOutcome.Locked(failure.lockedUntil());
        }
        if (!account.enabled()) {
            log.record(null, username, client, "login.failure", username, Map.of("reason", "disabled"));
            return new SignInOutcome.Refused();
        }
        repository.recordSuccess(account.id());
        log.record(account.actor(), username, client, "login.success", username, Map.of("method", "password"));
        return new SignInOutcome.Accepted(account);
    }

    @Override
    public Optional<UserAccount> findActive(String username) {
        return repository.findCredentials(username)
                .filter(c -> c.lockedUntil() == null && c.account().enabled())
                .map(UserRepository.Credentials::account);
    }

    @Override
    public List<UserAccount> list(Actor actor) {
        requireAdmin(actor, "user-list-forbidden", "only administrators list users");
        return repository.list();
    }

    @Override
    public Optional<String> bootstrapAdmin(String username, String givenPassword) {
        return tx.execute(status -> {
            if (repository.anyUser()) {
                return Optional.<String>empty();
            }
            boolean generate = givenPassword == null || givenPassword.isBlank();
            String password = generate ? generatePassword() : givenPassword;
            create(Actor.system(), new NewUser(username, password, "Administrator", Set.of(Actor.ADMIN_ROLE)));
            return generate ? Optional.of(password) : Optional.<String>empty();
        });
    }

    private static void requireAdmin(Actor actor, String code, String message) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException(code, message);
        }
    }

    private static ConflictException taken(String username) {
        return new ConflictException("username-taken", "a user named '" + username + "' exists");
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("user-not-found", "no user " + id);
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
