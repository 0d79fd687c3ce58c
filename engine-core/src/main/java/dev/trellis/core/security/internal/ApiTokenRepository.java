package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.security.ApiToken;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectJoinStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The SQL of {@code trellis_sys.api_token}. Expiry is judged by the database's clock. */
final class ApiTokenRepository {

    private static final Table<Record> TOKEN = table(name("trellis_sys", "api_token")).as("t");
    private static final Table<Record> USER = table(name("trellis_sys", "app_user")).as("u");
    private static final Field<Long> ID = field(name("t", "id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("t", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> USERNAME = field(name("u", "username"), SQLDataType.CLOB);
    private static final Field<String> NAME = field(name("t", "name"), SQLDataType.CLOB);
    private static final Field<String> TOKEN_HASH = field(name("t", "token_hash"), SQLDataType.CLOB);
    private static final Field<String> ROLE = field(name("t", "role"), SQLDataType.CLOB);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("t", "created_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> EXPIRES_AT = field(name("t", "expires_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> LAST_USED_AT = field(name("t", "last_used_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> REVOKED_AT = field(name("t", "revoked_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Boolean> EXPIRED = DSL.field("coalesce({0} <= now(), false)", SQLDataType.BOOLEAN,
            EXPIRES_AT);
    private static final List<Field<?>> COLUMNS = List.of(ID, USER_ID, USERNAME, NAME, ROLE, CREATED_AT, EXPIRES_AT,
            LAST_USED_AT, REVOKED_AT);
    /** The table unaliased, for writes: PostgreSQL takes no qualified column in an UPDATE's SET. */
    private static final Table<Record> WRITE = table(name("trellis_sys", "api_token"));
    private static final Field<Long> WRITE_ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<OffsetDateTime> WRITE_REVOKED_AT = field(name("revoked_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> WRITE_LAST_USED_AT = field(name("last_used_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    /** Last use is noted at most this often: a busy integration must not write a row per request. */
    private static final String LAST_USE_INTERVAL = "1 minute";

    /** A token found by its hash, with what decides whether it still works. */
    record Found(ApiToken token, boolean expired) {
    }

    private final DSLContext dsl;

    ApiTokenRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    long insert(long userId, String name, String hash, String role, OffsetDateTime expiresAt) {
        return dsl.insertInto(WRITE, field(name("user_id"), SQLDataType.BIGINT), field(name("name"), SQLDataType.CLOB),
                        field(name("token_hash"), SQLDataType.CLOB), field(name("role"), SQLDataType.CLOB),
                        field(name("expires_at"), SQLDataType.TIMESTAMPWITHTIMEZONE))
                .values(userId, name, hash, role, expiresAt)
                .returningResult(WRITE_ID).fetchSingle().value1();
    }

    Optional<ApiToken> find(long id) {
        return select().where(ID.eq(id)).fetchOptional(ApiTokenRepository::token);
    }

    Optional<Found> findByHash(String hash) {
        return select(EXPIRED).where(TOKEN_HASH.eq(hash))
                .fetchOptional(r -> new Found(token(r), r.get(EXPIRED)));
    }

    /** Newest first; every user's when {@code userId} is null. */
    List<ApiToken> list(Long userId) {
        Condition owner = userId == null ? DSL.noCondition() : USER_ID.eq(userId);
        return select().where(owner).orderBy(ID.desc()).fetch(ApiTokenRepository::token);
    }

    /** Returns whether this call revoked it (false if it already was). */
    boolean revoke(long id) {
        return dsl.update(WRITE).set(WRITE_REVOKED_AT, DSL.currentOffsetDateTime())
                .where(WRITE_ID.eq(id), WRITE_REVOKED_AT.isNull()).execute() == 1;
    }

    /** Notes a use unless one was noted within the last minute; returns whether it wrote. */
    boolean noteUse(long id) {
        return dsl.update(WRITE).set(WRITE_LAST_USED_AT, DSL.currentOffsetDateTime())
                .where(WRITE_ID.eq(id), WRITE_LAST_USED_AT.isNull().or(DSL.condition("{0} < now() - interval '"
                        + LAST_USE_INTERVAL + "'", WRITE_LAST_USED_AT)))
                .execute() == 1;
    }

    private SelectJoinStep<Record> select(Field<?>... extra) {
        List<Field<?>> fields = new ArrayList<>(COLUMNS);
        fields.addAll(List.of(extra));
        return dsl.select(fields).from(TOKEN.join(USER).on(field(name("u", "id"), SQLDataType.BIGINT).eq(USER_ID)));
    }

    private static ApiToken token(Record r) {
        return new ApiToken(r.get(ID), r.get(USER_ID), r.get(USERNAME), r.get(NAME), r.get(ROLE), r.get(CREATED_AT),
                r.get(EXPIRES_AT), r.get(LAST_USED_AT), r.get(REVOKED_AT));
    }
}
