package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.security.UserAccount;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The SQL of users: {@code trellis_sys.app_user} and their roles in {@code trellis_sys.user_role}. Times
 * of locks come from the database's clock, so every node agrees on them.
 */
final class UserRepository {

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
    private static final Field<Integer> FAILED_LOGINS = field(name("failed_logins"), SQLDataType.INTEGER);
    private static final Field<OffsetDateTime> LOCKED_UNTIL = field(name("locked_until"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Long> USER_ID = field(name("user_id"), SQLDataType.BIGINT);
    private static final Field<String> ROLE_NAME = field(name("role"), SQLDataType.CLOB);
    /** Whether the lock is still on, by the database's clock. */
    private static final Field<Boolean> LOCKED = DSL.field("{0} > now()", SQLDataType.BOOLEAN, LOCKED_UNTIL);
    private static final List<Field<?>> ACCOUNT = List.of(ID, USERNAME, DISPLAY_NAME, ENABLED, DEPARTMENT_ID,
            PARTNER_APP, PARTNER_ID);

    /** A user as a password check needs it. {@code lockedUntil} is set only while the lock is on. */
    record Credentials(UserAccount account, String passwordHash, OffsetDateTime lockedUntil) {
    }

    /** The state after a wrong password: the count so far and, if that made a lock, until when. */
    record Failure(int failedLogins, OffsetDateTime lockedUntil) {
    }

    private final DSLContext dsl;

    UserRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<UserAccount> find(long id) {
        return findWhere(ID.eq(id));
    }

    Optional<UserAccount> findByUsername(String username) {
        return findWhere(USERNAME.eq(username));
    }

    private Optional<UserAccount> findWhere(Condition condition) {
        return dsl.select(ACCOUNT).from(USER).where(condition).fetchOptional(r -> account(r, roles(r.get(ID))));
    }

    Optional<Credentials> findCredentials(String username) {
        return dsl.select(ACCOUNT).select(PASSWORD_HASH, LOCKED_UNTIL, LOCKED).from(USER).where(USERNAME.eq(username))
                .fetchOptional(r -> new Credentials(account(r, roles(r.get(ID))), r.get(PASSWORD_HASH),
                        Boolean.TRUE.equals(r.get(LOCKED)) ? r.get(LOCKED_UNTIL) : null));
    }

    List<UserAccount> list() {
        Map<Long, Set<String>> roles = dsl.select(USER_ID, ROLE_NAME).from(ROLE)
                .collect(Collectors.groupingBy(r -> r.value1(), Collectors.mapping(r -> r.value2(), Collectors.toSet())));
        return dsl.select(ACCOUNT).from(USER).orderBy(USERNAME)
                .fetch(r -> account(r, roles.getOrDefault(r.get(ID), Set.of())));
    }

    boolean anyUser() {
        return dsl.fetchExists(USER);
    }

    boolean usernameTaken(String username) {
        return dsl.fetchExists(USER, USERNAME.eq(username));
    }

    /** Whether an enabled head-office administrator other than this user exists. */
    boolean otherAdministratorExists(long id) {
        // unqualified names are unambiguous: user_role has only user_id and role
        return dsl.fetchExists(dsl.selectOne().from(USER).join(ROLE).on(USER_ID.eq(ID))
                .where(ID.ne(id), ENABLED.isTrue(), PARTNER_APP.isNull(), ROLE_NAME.eq(Actor.ADMIN_ROLE)));
    }

    long insert(String username, String passwordHash, String displayName, Long departmentId,
            Actor.PartnerAccount partner, Collection<String> roles) {
        long id = dsl.insertInto(USER, USERNAME, PASSWORD_HASH, DISPLAY_NAME, DEPARTMENT_ID, PARTNER_APP, PARTNER_ID)
                .values(username, passwordHash, displayName, departmentId, partner == null ? null : partner.app(),
                        partner == null ? null : partner.id())
                .returningResult(ID).fetchSingle().value1();
        insertRoles(id, roles);
        return id;
    }

    void update(long id, String displayName, boolean enabled, Long departmentId, Actor.PartnerAccount partner,
            Collection<String> roles) {
        dsl.update(USER).set(DISPLAY_NAME, displayName).set(ENABLED, enabled).set(DEPARTMENT_ID, departmentId)
                .set(PARTNER_APP, partner == null ? null : partner.app())
                .set(PARTNER_ID, partner == null ? null : partner.id())
                .where(ID.eq(id)).execute();
        dsl.deleteFrom(ROLE).where(USER_ID.eq(id)).execute();
        insertRoles(id, roles);
    }

    private void insertRoles(long id, Collection<String> roles) {
        for (String role : roles) {
            dsl.insertInto(ROLE, USER_ID, ROLE_NAME).values(id, role).execute();
        }
    }

    /** A new password starts with a clean slate: no failures counted, no lock. */
    void setPasswordHash(long id, String passwordHash) {
        dsl.update(USER).set(PASSWORD_HASH, passwordHash).set(FAILED_LOGINS, 0).setNull(LOCKED_UNTIL)
                .where(ID.eq(id)).execute();
    }

    /**
     * Counts a wrong password in one statement (two concurrent guesses both count) and locks the account
     * once the count reaches {@code maxFailures}. The count is not reset by the lock: after it expires, the
     * next wrong password locks again at once, so a guesser gets one try per lock period.
     */
    Failure recordFailure(long id, int maxFailures, Duration lock) {
        Field<OffsetDateTime> lockedUntil = DSL.when(FAILED_LOGINS.plus(1).ge(maxFailures),
                        DSL.field("now() + {0} * interval '1 millisecond'", SQLDataType.TIMESTAMPWITHTIMEZONE,
                                DSL.val(lock.toMillis())))
                .otherwise(LOCKED_UNTIL);
        Record r = dsl.update(USER).set(FAILED_LOGINS, FAILED_LOGINS.plus(1)).set(LOCKED_UNTIL, lockedUntil)
                .where(ID.eq(id)).returningResult(FAILED_LOGINS, LOCKED_UNTIL, LOCKED).fetchSingle();
        return new Failure(r.get(FAILED_LOGINS), Boolean.TRUE.equals(r.get(LOCKED)) ? r.get(LOCKED_UNTIL) : null);
    }

    /** A right password ends the run of failures; the row is written only if there was one. */
    void recordSuccess(long id) {
        dsl.update(USER).set(FAILED_LOGINS, 0).setNull(LOCKED_UNTIL)
                .where(ID.eq(id), FAILED_LOGINS.ne(0).or(LOCKED_UNTIL.isNotNull())).execute();
    }

    private Set<String> roles(long userId) {
        return dsl.select(ROLE_NAME).from(ROLE).where(USER_ID.eq(userId)).fetchSet(ROLE_NAME);
    }

    private static UserAccount account(Record r, Set<String> roles) {
        String partnerApp = r.get(PARTNER_APP);
        return new UserAccount(r.get(ID), r.get(USERNAME), r.get(DISPLAY_NAME), r.get(ENABLED), roles,
                r.get(DEPARTMENT_ID), partnerApp == null ? null : new Actor.PartnerAccount(partnerApp, r.get(PARTNER_ID)));
    }
}
