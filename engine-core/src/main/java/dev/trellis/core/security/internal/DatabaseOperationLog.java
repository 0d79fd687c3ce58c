package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.security.OperationLog;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.SQLDataType;

/** The operation log in {@code trellis_sys.operation_log}. */
public final class DatabaseOperationLog implements OperationLog {

    private final DSLContext dsl;

    public DatabaseOperationLog(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void record(Actor actor, String username, String client, String action, String target,
            Map<String, ?> detail) {
        dsl.insertInto(table(name("trellis_sys", "operation_log")),
                        field(name("actor_id"), SQLDataType.BIGINT), field(name("actor"), SQLDataType.CLOB),
                        field(name("client"), SQLDataType.CLOB), field(name("action"), SQLDataType.CLOB),
                        field(name("target"), SQLDataType.CLOB), field(name("detail"), SQLDataType.JSONB))
                .values(actor == null ? null : actor.userId(), username == null ? "?" : username, client, action, target,
                        JSONB.valueOf(Json.MAPPER.writeValueAsString(detail == null ? Map.of() : detail)))
                .execute();
    }
}
