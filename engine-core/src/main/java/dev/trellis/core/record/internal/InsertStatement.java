package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.record.RecordAction;
import dev.trellis.core.storage.ObjectTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The insert-with-audit statement of one object for one set of given columns, rendered by jOOQ once
 * and then run with bind values only. Rendering the statement's tree takes longer than PostgreSQL takes
 * to execute it, so it is compiled once per published generation, object and column set.
 */
final class InsertStatement {

    /** The cache key: the object and which of its columns a create gives. */
    record Key(String object, List<Boolean> given) {
    }

    private final ObjectTable table;
    private final int[] positions;
    private final String sql;

    InsertStatement(DSLContext dsl, ObjectTable t, boolean[] given) {
        this.table = t;
        List<Integer> cols = new ArrayList<>();
        for (ObjectTable.Column column : t.columns()) {
            if (given[column.position()]) {
                cols.add(column.position());
            }
        }
        this.positions = cols.stream().mapToInt(Integer::intValue).toArray();
        List<Field<?>> fields = new ArrayList<>();
        List<Field<?>> params = new ArrayList<>();
        for (int position : positions) {
            Field<?> f = t.columns().get(position).field();
            fields.add(f);
            params.add(DSL.val(null, f.getDataType()));
        }
        CommonTableExpression<?> ins = name("ins").as(dsl.insertInto(t.table(), fields).values(params)
                .returning(t.selectFields()));
        Field<Long> recordId = DSL.field(name("ins", ObjectTable.ID), Long.class);
        CommonTableExpression<?> audit = name("audit").as(dsl.insertInto(AuditLog.TABLE, AuditLog.APP, AuditLog.OBJECT,
                        AuditLog.RECORD_ID, AuditLog.ACTION, AuditLog.ACTOR_ID, AuditLog.ACTOR, AuditLog.CHANGES)
                .select(DSL.select(DSL.inline(t.app()), DSL.inline(t.name()), recordId,
                        DSL.inline(RecordAction.CREATE.jsonName()), DSL.val(null, AuditLog.ACTOR_ID),
                        DSL.val(null, AuditLog.ACTOR), DSL.val(null, AuditLog.CHANGES)).from(ins))
                .returningResult(AuditLog.ID));
        this.sql = dsl.render(dsl.with(ins).with(audit).selectFrom(ins));
    }

    static Key key(ObjectTable t, boolean[] given) {
        Boolean[] flags = new Boolean[given.length];
        for (int i = 0; i < given.length; i++) {
            flags[i] = given[i];
        }
        return new Key(t.name(), Arrays.asList(flags));
    }

    /** Inserts the row's given columns and its audit row; returns the stored record. */
    Record execute(DSLContext dsl, Object[] row, long actorId, String actor, String changesJson) {
        Object[] binds = new Object[positions.length + 3];
        for (int i = 0; i < positions.length; i++) {
            binds[i] = row[positions[i]];
        }
        binds[positions.length] = actorId;
        binds[positions.length + 1] = actor;
        binds[positions.length + 2] = JSON.valueOf(changesJson);
        return dsl.resultQuery(sql, binds).coerce(table.selectFields()).fetchSingle();
    }
}
