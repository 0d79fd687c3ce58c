package dev.trellis.rule.trigger.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.rule.trigger.Notification;
import dev.trellis.rule.trigger.NotificationService;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** {@code trellis_sys.notification}: written by triggers, read and marked by each user for themselves. */
public final class NotificationStore implements NotificationService {

    static final int MAX_LIMIT = 500;

    private static final Table<Record> NOTIFICATION = table(name("trellis_sys", "notification"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<Long> USER_ID = field(name("user_id"), SQLDataType.BIGINT);
    private static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    private static final Field<String> OBJECT = field(name("object"), SQLDataType.CLOB);
    private static final Field<Long> RECORD_ID = field(name("record_id"), SQLDataType.BIGINT);
    private static final Field<String> SOURCE = field(name("source"), SQLDataType.CLOB);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.CLOB);
    private static final Field<String> BODY = field(name("body"), SQLDataType.CLOB);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> READ_AT = field(name("read_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);

    private static final Table<Record> USERS = table(name("trellis_sys", "app_user"));
    private static final Field<Long> USER = field(name("app_user", "id"), SQLDataType.BIGINT);
    private static final Field<Boolean> ENABLED = field(name("app_user", "enabled"), SQLDataType.BOOLEAN);
    private static final Table<Record> ROLES = table(name("trellis_sys", "user_role"));
    private static final Field<Long> ROLE_USER = field(name("user_role", "user_id"), SQLDataType.BIGINT);
    private static final Field<String> ROLE = field(name("user_role", "role"), SQLDataType.CLOB);

    private final DSLContext dsl;

    public NotificationStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * One notification to each enabled user among {@code userIds} and the holders of {@code roles}, once
     * each; ids of users that do not exist are passed over. Returns how many were written.
     */
    int send(Collection<Long> userIds, Collection<String> roles, String app, String object, long recordId,
            String source, String title, String body) {
        Condition recipients = USER.in(userIds);
        if (!roles.isEmpty()) {
            recipients = recipients.or(DSL.exists(DSL.selectOne().from(ROLES)
                    .where(ROLE_USER.eq(USER), ROLE.in(roles))));
        }
        return dsl.insertInto(NOTIFICATION, USER_ID, APP, OBJECT, RECORD_ID, SOURCE, TITLE, BODY)
                .select(DSL.select(USER, DSL.val(app), DSL.val(object), DSL.val(recordId), DSL.val(source),
                        DSL.val(title), DSL.val(body)).from(USERS).where(ENABLED.isTrue(), recipients).orderBy(USER))
                .execute();
    }

    @Override
    public int send(Collection<Long> userIds, String app, String object, long recordId, String source, String title,
            String body) {
        return send(userIds, List.of(), app, object, recordId, source, title, body);
    }

    @Override
    public List<Notification> list(Actor actor, boolean unreadOnly, int limit, Long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw dev.trellis.core.InvalidException.of("query-limit-invalid", "/limit", "limit is a whole number from 1 to "
                    + MAX_LIMIT);
        }
        return dsl.select(ID, USER_ID, APP, OBJECT, RECORD_ID, SOURCE, TITLE, BODY, CREATED_AT, READ_AT)
                .from(NOTIFICATION)
                .where(USER_ID.eq(actor.userId()), unreadOnly ? READ_AT.isNull() : DSL.noCondition(),
                        before == null ? DSL.noCondition() : ID.lt(before))
                .orderBy(ID.desc()).limit(limit)
                .fetch(r -> new Notification(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7(), r.value8(), r.value9(), r.value10()));
    }

    @Override
    public long unreadCount(Actor actor) {
        return dsl.fetchCount(NOTIFICATION, USER_ID.eq(actor.userId()), READ_AT.isNull());
    }

    @Override
    public void markRead(Actor actor, long id) {
        int found = dsl.update(NOTIFICATION).set(READ_AT, DSL.coalesce(READ_AT, DSL.currentOffsetDateTime()))
                .where(ID.eq(id), USER_ID.eq(actor.userId())).execute();
        if (found == 0) {
            throw new NotFoundException("notification-not-found", "you have no notification " + id);
        }
    }

    @Override
    public int markAllRead(Actor actor) {
        return dsl.update(NOTIFICATION).set(READ_AT, DSL.currentOffsetDateTime())
                .where(USER_ID.eq(actor.userId()), READ_AT.isNull()).execute();
    }
}
