package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.json.Json;
import dev.trellis.core.record.AuditEntry;
import dev.trellis.core.record.AuditPage;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * The audit log table. Changes are stored as {@code {"field": [old, new], …}}, every field of the
 * write, so nothing is capped; as {@code json} (text kept as written, in field order), which PostgreSQL
 * stores several times faster than {@code jsonb}, and the log is written far more than it is read.
 * Writers add the audit row in the same statement as the change.
 */
final class AuditLog {

    static final Table<Record> TABLE = table(name("trellis_sys", "audit_log"));
    static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    static final Field<String> OBJECT = field(name("object"), SQLDataType.CLOB);
    static final Field<Long> RECORD_ID = field(name("record_id"), SQLDataType.BIGINT);
    static final Field<String> ACTION = field(name("action"), SQLDataType.CLOB);
    static final Field<Long> ACTOR_ID = field(name("actor_id"), SQLDataType.BIGINT);
    static final Field<String> ACTOR = field(name("actor"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<JSON> CHANGES = field(name("changes"), SQLDataType.JSON);

    private final DSLContext dsl;
    private final BulkAudit bulk;

    AuditLog(DSLContext dsl) {
        this.dsl = dsl;
        this.bulk = new BulkAudit(dsl);
    }

    /**
     * A CTE that inserts one audit row per row of {@code written} (a CTE of an insert, update or delete
     * returning the record's id), so change and audit are one statement.
     */
    CommonTableExpression<?> insertFor(CommonTableExpression<?> written, Actor actor, String app, String object,
            RecordAction action, String changesJson) {
        return insertFor(dsl, written, app, object, action, DSL.val(actor.userId()), DSL.val(actor.username()),
                DSL.val(JSON.valueOf(changesJson)));
    }

    /**
     * The same CTE with the actor and changes as given fields: bound values, or placeholders for a
     * statement rendered once and bound later. App, object and action are validated names, inlined.
     */
    static CommonTableExpression<?> insertFor(DSLContext dsl, CommonTableExpression<?> written, String app,
            String object, RecordAction action, Field<Long> actorId, Field<String> actor, Field<JSON> changes) {
        Field<Long> recordId = field(name(written.getName(), "id"), SQLDataType.BIGINT);
        return name("audit").as(dsl.insertInto(TABLE, APP, OBJECT, RECORD_ID, ACTION, ACTOR_ID, ACTOR, CHANGES)
                .select(DSL.select(DSL.inline(app), DSL.inline(object), recordId, DSL.inline(action.jsonName()),
                        actorId, actor, changes).from(written))
                .returningResult(ID));
    }

    /** {@code {"field": [old, new], …}} in the order given, written straight to text. */
    static String changesJson(List<FieldChange> changes) {
        StringWriter out = new StringWriter(64 + changes.size() * 32);
        try (JsonGenerator json = Json.MAPPER.createGenerator(out)) {
            writeChanges(json, changes);
        }
        return out.toString();
    }

    static void writeChanges(JsonGenerator json, List<FieldChange> changes) {
        json.writeStartObject();
        for (FieldChange change : changes) {
            json.writeName(change.field());
            json.writeStartArray();
            writeValue(json, change.oldValue());
            writeValue(json, change.newValue());
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    /** The common types directly; anything else (dates, lists, trees) as the mapper writes it. */
    private static void writeValue(JsonGenerator json, Object value) {
        switch (value) {
            case null -> json.writeNull();
            case String s -> json.writeString(s);
            case Long l -> json.writeNumber(l);
            case BigDecimal d -> json.writeNumber(d);
            case Boolean b -> json.writeBoolean(b);
            default -> json.writePOJO(value);
        }
    }

    /** The changes of a new record: every value set, owner first, then fields in the object's order. */
    static List<FieldChange> created(ObjectTable t, Object[] row) {
        List<FieldChange> changes = new ArrayList<>();
        eachCreated(t, row, (field, value) -> changes.add(new FieldChange(field, null, value)));
        return changes;
    }

    /** The same changes written straight as JSON: bulk creates audit millions and need no objects for it. */
    static void writeCreated(JsonGenerator json, ObjectTable t, Object[] row) {
        json.writeStartObject();
        eachCreated(t, row, (field, value) -> {
            json.writeName(field);
            json.writeStartArray();
            json.writeNull();
            writeValue(json, value);
            json.writeEndArray();
        });
        json.writeEndObject();
    }

    private interface CreatedValue {
        void accept(String field, Object value);
    }

    private static void eachCreated(ObjectTable t, Object[] row, CreatedValue sink) {
        Object owner = row[t.getColumn(ObjectTable.OWNER_ID).position()];
        if (owner != null) {
            sink.accept(ObjectTable.OWNER_ID, owner);
        }
        for (ObjectTable.Column column : t.dataColumns()) {
            Object value = row[column.position()];
            if (value != null) {
                sink.accept(column.name(), ValueConverter.fromColumn(value));
            }
        }
    }

    /**
     * A page of a record's history, newest first. A record made by a bulk create has its create entry
     * in {@link BulkAudit}; being the oldest, it closes the last page.
     */
    AuditPage history(String app, String object, long recordId, String field, int limit, Long before) {
        Condition condition = APP.eq(app).and(OBJECT.eq(object)).and(RECORD_ID.eq(recordId));
        if (field != null) {
            condition = condition.and(DSL.condition("{0} -> {1} is not null", CHANGES, DSL.val(field)));
        }
        if (before != null) {
            condition = condition.and(ID.lt(before));
        }
        List<AuditEntry> entries = new ArrayList<>(dsl.select(ID, APP, OBJECT, RECORD_ID, ACTION, ACTOR_ID, ACTOR, AT,
                        CHANGES)
                .from(TABLE).where(condition).orderBy(ID.desc()).limit(limit + 1)
                .fetch(r -> entry(r, field)));
        if (entries.size() > limit) {
            entries = entries.subList(0, limit);
            return new AuditPage(List.copyOf(entries), entries.get(limit - 1).id());
        }
        if (before == null || before > 0) {
            Optional<AuditEntry> created = bulk.createEntry(app, object, recordId, field);
            if (created.isPresent()) {
                if (entries.size() == limit) {
                    return new AuditPage(List.copyOf(entries), entries.get(limit - 1).id());
                }
                entries.add(created.get());
            }
        }
        return new AuditPage(List.copyOf(entries), null);
    }

    private static AuditEntry entry(Record r, String onlyField) {
        JsonNode changes = Json.parse(r.get(CHANGES).data());
        List<FieldChange> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : changes.properties()) {
            if (onlyField == null || onlyField.equals(e.getKey())) {
                list.add(new FieldChange(e.getKey(), plain(e.getValue().get(0)), plain(e.getValue().get(1))));
            }
        }
        return new AuditEntry(r.get(ID), r.get(APP), r.get(OBJECT), r.get(RECORD_ID),
                RecordAction.valueOf(r.get(ACTION).toUpperCase()), r.get(ACTOR_ID), r.get(ACTOR), r.get(AT), list);
    }

    static Object plain(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }
}
