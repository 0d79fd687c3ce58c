package dev.trellis.workflow.internal;

import dev.trellis.core.Actor;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.rule.Expression;
import dev.trellis.rule.ExpressionScope;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.MapRecordContext;
import dev.trellis.rule.RecordContext;
import dev.trellis.rule.ValueType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How a flow reads and writes its record: through the record service, as the platform on behalf of the
 * submitter (audited as {@code system (flow order_approval, for alice)}), inside {@link ApprovalLock#asFlow}
 * so the lock lets the flow's own changes through. Expressions see the record, its lookups, and the submitter
 * as {@code user}.
 */
final class RecordWrites {

    /** The records one workflow call read or wrote, by app/object/id, while {@link #scoped} runs it. */
    private static final ThreadLocal<Map<String, Map<String, Object>>> SCOPE = new ThreadLocal<>();

    private final Supplier<RecordService> records;
    private final ExpressionService expressions;

    RecordWrites(Supplier<RecordService> records, ExpressionService expressions) {
        this.records = records;
        this.expressions = expressions;
    }

    static Actor writer(String flow, String submitter) {
        return new Actor(0, "system (flow " + flow + ", for " + submitter + ")", Set.of(Actor.ADMIN_ROLE));
    }

    /**
     * Runs one workflow call (a submit, an action) with a memory of the records it reads and writes: an approver
     * source, a condition or the answer's summary then reads the record as the flow's own write left it (the
     * record service returns it as it is after its triggers) instead of asking the database again. Writes always
     * read afresh: the version they are guarded by comes from the database.
     */
    static <T> T scoped(Supplier<T> call) {
        if (SCOPE.get() != null) {
            return call.get();
        }
        SCOPE.set(new HashMap<>());
        try {
            return call.get();
        } finally {
            SCOPE.remove();
        }
    }

    /** The record as the current workflow call last read or wrote it; null when it has not (or runs no scope). */
    static Map<String, Object> known(String app, String object, long id) {
        Map<String, Map<String, Object>> scope = SCOPE.get();
        return scope == null ? null : scope.get(key(app, object, id));
    }

    private static String key(String app, String object, long id) {
        return app + "/" + object + "/" + id;
    }

    private static void remember(String app, String object, long id, Map<String, Object> record) {
        Map<String, Map<String, Object>> scope = SCOPE.get();
        if (scope != null && record != null) {
            scope.put(key(app, object, id), record);
        }
    }

    /** The record, for reading (see {@link #scoped}). */
    Map<String, Object> read(String app, String object, long id) {
        Map<String, Object> known = known(app, object, id);
        return known != null ? known : load(app, object, id);
    }

    Map<String, Object> load(String app, String object, long id) {
        Map<String, Object> record = records.get().get(Actor.system(), app, object, id, Set.of());
        remember(app, object, id, record);
        return record;
    }

    RecordContext context(PublishedApp app, String object, Map<String, Object> record, Actor user) {
        return new MapRecordContext(ExpressionScope.of(app, object), record, null, user, (target, id) -> {
            try {
                return load(app.name(), target, id);
            } catch (NotFoundException e) {
                return null;
            }
        });
    }

    /**
     * Evaluates the expression of each field over the record, then writes them and {@code fixed} in one update.
     */
    void compute(PublishedApp app, String object, long id, Map<String, String> values, Map<String, Object> fixed,
            Actor writer, Supplier<Actor> user) {
        if (values.isEmpty() && fixed.isEmpty()) {
            return;
        }
        if (values.isEmpty()) {
            write(app.name(), object, id, null, fixed, writer);
            return;
        }
        Map<String, Object> record = load(app.name(), object, id);
        RecordContext context = context(app, object, record, user.get());
        Map<String, Object> computed = new LinkedHashMap<>();
        values.forEach((field, source) -> {
            ValueType type = ValueType.of(app.getObject(object).findField(field).orElseThrow().type());
            Expression expression = expressions.compiled(app, object, source, type);
            computed.put(field, expression.evaluate(context));
        });
        computed.putAll(fixed);
        write(app.name(), object, id, version(record), computed, writer);
    }

    void set(String app, String object, long id, Map<String, Object> values, Actor writer) {
        set(app, object, id, null, values, writer);
    }

    /**
     * @param version the record's version when the caller has just read it in this transaction; null to have
     *                the record service guard the write by the version it reads
     */
    void set(String app, String object, long id, Integer version, Map<String, Object> values, Actor writer) {
        write(app, object, id, version, values, writer);
    }

    static int version(Map<String, Object> record) {
        return ((Number) record.get(ObjectTable.VERSION)).intValue();
    }

    private void write(String app, String object, long id, Integer version, Map<String, Object> values, Actor writer) {
        remember(app, object, id, ApprovalLock.asFlow(() -> records.get().update(writer, app, object, id, version,
                Json.MAPPER.valueToTree(values))));
    }
}
