package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.json.Json;
import dev.trellis.core.security.OperationLogEntry;
import dev.trellis.core.security.OperationLogPage;
import dev.trellis.core.security.OperationLogReader;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Reads {@code trellis_sys.operation_log} in keyset pages by id, newest first. */
public final class DatabaseOperationLogReader implements OperationLogReader {

    private static final int MAX_LIMIT = 500;

    private static final Table<Record> LOG = table(name("trellis_sys", "operation_log"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Long> ACTOR_ID = field(name("actor_id"), SQLDataType.BIGINT);
    private static final Field<String> ACTOR = field(name("actor"), SQLDataType.CLOB);
    private static final Field<String> ACTION = field(name("action"), SQLDataType.CLOB);
    private static final Field<String> TARGET = field(name("target"), SQLDataType.CLOB);
    private static final Field<JSONB> DETAIL = field(name("detail"), SQLDataType.JSONB);
    private static final Field<String> CLIENT = field(name("client"), SQLDataType.CLOB);

    private final DSLContext dsl;

    public DatabaseOperationLogReader(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public OperationLogPage read(Actor actor, String action, int limit, Long before) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("operation-log-forbidden", "only administrators read the operation log");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw InvalidException.of("limit-invalid", "/limit", "limit must be 1 to " + MAX_LIMIT);
        }
        Condition condition = DSL.noCondition();
        if (action != null && !action.isBlank()) {
            // "login" means the family login.*; the dot keeps "login" from matching "loginx"
            condition = ACTION.eq(action).or(ACTION.startsWith(action + "."));
        }
        if (before != null) {
            condition = condition.and(ID.lt(before));
        }
        List<OperationLogEntry> entries = dsl.select(ID, AT, ACTOR_ID, ACTOR, ACTION, TARGET, DETAIL, CLIENT).from(LOG)
                .where(condition).orderBy(ID.desc()).limit(limit + 1)
                .fetch(r -> new OperationLogEntry(r.get(ID), r.get(AT), r.get(ACTOR_ID), r.get(ACTOR), r.get(ACTION),
                        r.get(TARGET), Json.parse(r.get(DETAIL).data()), r.get(CLIENT)));
        if (entries.size() <= limit) {
            return new OperationLogPage(entries, null);
        }
        List<OperationLogEntry> page = entries.subList(0, limit);
        return new OperationLogPage(List.copyOf(page), page.get(limit - 1).id());
    }
}
