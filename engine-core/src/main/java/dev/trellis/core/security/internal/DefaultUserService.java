package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.security.NewUser;
import dev.trellis.core.security.UserAccount;
import dev.trellis.core.security.UserService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

/** Users in {@code trellis_sys.app_user} with roles in {@code trellis_sys.user_role}. */
public final class DefaultUserService implements UserService {

    private static final Table<Record> USER = table(name("trellis_sys", "app_user"));
    private static final Table<Record> ROLE = table(name("trellis_sys", "user_role"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<String> USERNAME = field(name("username"), SQLDataType.CLOB);
    private static final Field<String> PASSWORD_HASH = field(name("password_hash"), SQLDataType.CLOB);
    private static final Field<String> DISPLAY_NAME = field(name("display_name"), SQLDataType.CLOB);
    private static final Field<Boolean> ENABLED = field(name("enabled"), SQLDataType.BOOLEAN);
    private static final Field<Long> DEPARTMENT_ID = field(name("department_id"), SQLDataType.BIGINT);
    private static final Field<String> PARTNER_APP = field(name("partner_app"), SQLDataType.CLOB);
    private static final Field<Long> PARTNER_ID = field(name("partner_id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("user_id"), SQLDataType.BIGINT);
    private static final Field<String> ROLE_NAME = field(name("role"), SQLDataType.CLOB);
    private static final Pattern USERNAME_PATTERN = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final DSLContext dsl;
    private final PasswordEncoder encoder;
    private final TransactionTemplate tx;

    public DefaultUserService(DSLContext dsl, PasswordEncoder encoder, TransactionTemplate tx) {
        this.dsl = dsl;
        this.encoder = encoder;
        this.tx = tx;
    }

    @Override
    public UserAccount create(Actor actor, NewUser user) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("user-create-forbidden", "only administrators create users");
        }
        List<Problem> problems = new ArrayList<>();
        if (user.username() == null || !USERNAME_PATTERN.matcher(user.username()).matches()) {
            problems.add(Problem.of("username-invalid", "/username",
                    "1 to 64 letters, digits or . _ @ -"));
        }
        if (user.password() == null || user.password().length() < 8) {
            problems.add(Problem.of("password-too-short", "/password", "at least 8 characters"));
        } else if (user.password().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            // BCrypt reads at most 72 bytes; a longer password would not be what is checked
            problems.add(Problem.of("password-too-long", "/password", "at most 72 bytes"));
        }
        for (String role : user.roles()) {
            if (!role.matches("[a-z][a-z0-9_]{0,62}")) {
                problems.add(Problem.of("role-invalid", "/roles", "'" + role + "' is not a role name"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        try {
            return insert(user);
        } catch (org.jooq.exception.DataAccessException e) {
            if ("23505".equals(e.sqlState())) { // the same name created at the same moment
                throw taken(user.username());
            }
            throw e;
        }
    }

    private static ConflictException taken(String username) {
        return new ConflictException("username-taken", "a user named '" + username + "' exists");
    }

    private UserAccount insert(NewUser user) {
        return tx.execute(status -> {
            if (dsl.fetchExists(USER, USERNAME.eq(user.username()))) {
                throw taken(user.username());
            }
            long id = dsl.insertInto(USER, USERNAME, PASSWORD_HASH, DISPLAY_NAME)
                    .values(user.username(), encoder.encode(user.password()), user.displayName())
                    .returningResult(ID).fetchSingle().value1();
            for (String role : user.roles()) {
                dsl.insertInto(ROLE, USER_ID, ROLE_NAME).values(id, role).execute();
            }
            return new UserAccount(id, user.username(), user.displayName(), true, user.roles(), null, null);
        });
    }

    @Override
    public Optional<UserAccount> findByUsername(String username) {
        return dsl.select(ID, USERNAME, DISPLAY_NAME, ENABLED, DEPARTMENT_ID, PARTNER_APP, PARTNER_ID).from(USER).where(USERNAME.eq(username))
                .fetchOptional(r -> account(r, roles(r.get(ID))));
    }

    @Override
    public Optional<UserAccount> authenticate(String username, String password) {
        Record r = dsl.select(ID, USERNAME, DISPLAY_NAME, ENABLED, DEPARTMENT_ID, PARTNER_APP, PARTNER_ID, PASSWORD_HASH).from(USER)
                .where(USERNAME.eq(username)).fetchOne();
        if (r == null || !r.get(ENABLED) || password == null || !encoder.matches(password, r.get(PASSWORD_HASH))) {
            return Optional.empty();
        }
        return Optional.of(account(r, roles(r.get(ID))));
    }

    @Override
    public List<UserAccount> list(Actor actor) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("user-list-forbidden", "only administrators list users");
        }
        return dsl.select(ID, USERNAME, DISPLAY_NAME, ENABLED, DEPARTMENT_ID, PARTNER_APP, PARTNER_ID).from(USER).orderBy(USERNAME)
                .fetch(r -> account(r, roles(r.get(ID))));
    }

    @Override
    public Optional<String> bootstrapAdmin(String username, String givenPassword) {
        return tx.execute(status -> {
            if (dsl.fetchExists(USER)) {
                return Optional.<String>empty();
            }
            boolean generate = givenPassword == null || givenPassword.isBlank();
            String password = generate ? generatePassword() : givenPassword;
            create(Actor.system(), new NewUser(username, password, "Administrator", Set.of(Actor.ADMIN_ROLE)));
            return generate ? Optional.of(password) : Optional.<String>empty();
        });
    }

    private Set<String> roles(long userId) {
        return dsl.select(ROLE_NAME).from(ROLE).where(USER_ID.eq(userId)).fetchSet(ROLE_NAME);
    }

    private static UserAccount account(Record r, Set<String> roles) {
        String partnerApp = r.get(PARTNER_APP);
        return new UserAccount(r.get(ID), r.get(USERNAME), r.get(DISPLAY_NAME), r.get(ENABLED), roles,
                r.get(DEPARTMENT_ID), partnerApp == null ? null : new Actor.PartnerAccount(partnerApp, r.get(PARTNER_ID)));
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
