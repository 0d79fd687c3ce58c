package dev.trellis.rule.trigger.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.json.Json;
import dev.trellis.rule.trigger.OutboxEvent;
import dev.trellis.rule.trigger.WebhookDelivery;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** {@code trellis_sys.outbox} and {@code trellis_sys.webhook_delivery}: the rows and their state changes. */
final class OutboxStore {

    private static final Table<Record> OUTBOX = table(name("trellis_sys", "outbox"));
    static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT);
    private static final Field<UUID> EVENT_ID = field(name("event_id"), SQLDataType.UUID);
    private static final Field<String> TYPE = field(name("type"), SQLDataType.CLOB);
    private static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    private static final Field<String> OBJECT = field(name("object"), SQLDataType.CLOB);
    private static final Field<Long> RECORD_ID = field(name("record_id"), SQLDataType.BIGINT);
    private static final Field<String> SOURCE = field(name("source"), SQLDataType.CLOB);
    private static final Field<String> DESTINATION = field(name("destination"), SQLDataType.CLOB);
    private static final Field<String> SECRET_NAME = field(name("secret_name"), SQLDataType.CLOB);
    private static final Field<JSON> PAYLOAD = field(name("payload"), SQLDataType.JSON);
    private static final Field<String> STATUS = field(name("status"), SQLDataType.CLOB);
    private static final Field<Integer> ATTEMPTS = field(name("attempts"), SQLDataType.INTEGER);
    private static final Field<OffsetDateTime> NEXT_ATTEMPT_AT = field(name("next_attempt_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> LOCKED_UNTIL = field(name("locked_until"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<OffsetDateTime> DONE_AT = field(name("done_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<String> LAST_ERROR = field(name("last_error"), SQLDataType.CLOB);

    private static final Table<Record> DELIVERY = table(name("trellis_sys", "webhook_delivery"));
    private static final Field<Long> OUTBOX_ID = field(name("outbox_id"), SQLDataType.BIGINT);
    private static final Field<Integer> ATTEMPT = field(name("attempt"), SQLDataType.INTEGER);
    private static final Field<OffsetDateTime> AT = field(name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Integer> STATUS_CODE = field(name("status_code"), SQLDataType.INTEGER);
    private static final Field<String> ERROR = field(name("error"), SQLDataType.CLOB);
    private static final Field<Integer> DURATION_MS = field(name("duration_ms"), SQLDataType.INTEGER);
    private static final Field<String> RESPONSE = field(name("response"), SQLDataType.CLOB);

    private static final SelectField<?>[] EVENT = {ID, EVENT_ID, TYPE, APP, OBJECT, RECORD_ID, SOURCE, DESTINATION,
            PAYLOAD, STATUS, ATTEMPTS, NEXT_ATTEMPT_AT, CREATED_AT, DONE_AT, LAST_ERROR};

    /** A webhook event claimed for one attempt, with what sending it needs. */
    record Claimed(long id, UUID eventId, String app, String url, String secretName, String payload, int attempt) {
    }

    private final DSLContext dsl;

    OutboxStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** Writes an event in the caller's transaction; returns its id. */
    long insert(UUID eventId, String type, String app, String object, long recordId, String source, String destination,
            String secretName, String payload) {
        return dsl.insertInto(OUTBOX, EVENT_ID, TYPE, APP, OBJECT, RECORD_ID, SOURCE, DESTINATION, SECRET_NAME, PAYLOAD)
                .values(eventId, type, app, object, recordId, source, destination, secretName, JSON.valueOf(payload))
                .returningResult(ID).fetchSingle().value1();
    }

    /**
     * Claims up to {@code limit} due events of a type until {@code leaseEnd}: counts the attempt and hides them
     * from other claims until then, in one statement. Rows another node holds locked are skipped.
     */
    List<Claimed> claim(String type, int limit, OffsetDateTime leaseEnd) {
        var due = DSL.select(ID).from(OUTBOX)
                .where(TYPE.eq(type), STATUS.eq(OutboxEvent.PENDING), NEXT_ATTEMPT_AT.le(DSL.currentOffsetDateTime()),
                        LOCKED_UNTIL.isNull().or(LOCKED_UNTIL.lt(DSL.currentOffsetDateTime())))
                .orderBy(NEXT_ATTEMPT_AT, ID).limit(limit).forUpdate().skipLocked();
        return dsl.update(OUTBOX)
                .set(ATTEMPTS, ATTEMPTS.plus(1))
                .set(LOCKED_UNTIL, leaseEnd)
                .where(ID.in(due))
                .returning(ID, EVENT_ID, APP, DESTINATION, SECRET_NAME, PAYLOAD, ATTEMPTS)
                .fetch(r -> new Claimed(r.get(ID), r.get(EVENT_ID), r.get(APP), r.get(DESTINATION), r.get(SECRET_NAME),
                        r.get(PAYLOAD).data(), r.get(ATTEMPTS)));
    }

    /** Logs an attempt and settles the event: done, failed for good, or due again at {@code retryAt}. */
    void settle(long id, int attempt, Integer statusCode, String error, int durationMillis, String response,
            String status, OffsetDateTime retryAt) {
        dsl.insertInto(DELIVERY, OUTBOX_ID, ATTEMPT, STATUS_CODE, ERROR, DURATION_MS, RESPONSE)
                .values(id, attempt, statusCode, error, durationMillis, response).execute();
        dsl.update(OUTBOX)
                .set(STATUS, status)
                .set(LOCKED_UNTIL, (OffsetDateTime) null)
                .set(LAST_ERROR, error != null ? error : statusCode != null && (statusCode < 200 || statusCode > 299)
                        ? "HTTP " + statusCode : null)
                .set(DONE_AT, status.equals(OutboxEvent.PENDING) ? DSL.val((OffsetDateTime) null)
                        : DSL.currentOffsetDateTime())
                .set(NEXT_ATTEMPT_AT, retryAt != null ? DSL.val(retryAt) : NEXT_ATTEMPT_AT)
                .where(ID.eq(id)).execute();
    }

    /** Locks the next due event of a type for the caller's transaction, skipping those others hold. */
    Optional<OutboxEvent> lockNext(String type) {
        return dsl.select(EVENT).from(OUTBOX)
                .where(TYPE.eq(type), STATUS.eq(OutboxEvent.PENDING), NEXT_ATTEMPT_AT.le(DSL.currentOffsetDateTime()))
                .orderBy(NEXT_ATTEMPT_AT, ID).limit(1).forUpdate().skipLocked()
                .fetchOptional(OutboxStore::event);
    }

    void markDone(long id) {
        dsl.update(OUTBOX).set(STATUS, OutboxEvent.DONE).set(ATTEMPTS, ATTEMPTS.plus(1))
                .set(DONE_AT, DSL.currentOffsetDateTime()).set(LAST_ERROR, (String) null).where(ID.eq(id)).execute();
    }

    /** Counts a failed attempt of a consumed event: due again at {@code retryAt}, or failed when that is null. */
    void markFailed(long id, String error, OffsetDateTime retryAt) {
        dsl.update(OUTBOX).set(ATTEMPTS, ATTEMPTS.plus(1)).set(LAST_ERROR, error)
                .set(STATUS, retryAt == null ? OutboxEvent.FAILED : OutboxEvent.PENDING)
                .set(NEXT_ATTEMPT_AT, retryAt == null ? NEXT_ATTEMPT_AT : DSL.val(retryAt))
                .where(ID.eq(id)).execute();
    }

    int attempts(long id) {
        return dsl.select(ATTEMPTS).from(OUTBOX).where(ID.eq(id)).fetchSingle().value1();
    }

    boolean retry(long id) {
        return dsl.update(OUTBOX).set(STATUS, OutboxEvent.PENDING).set(ATTEMPTS, 0)
                .set(NEXT_ATTEMPT_AT, DSL.currentOffsetDateTime()).set(LOCKED_UNTIL, (OffsetDateTime) null)
                .set(DONE_AT, (OffsetDateTime) null)
                .where(ID.eq(id), STATUS.ne(OutboxEvent.DONE)).execute() == 1;
    }

    Optional<OutboxEvent> find(long id) {
        return dsl.select(EVENT).from(OUTBOX).where(ID.eq(id)).fetchOptional(OutboxStore::event);
    }

    List<OutboxEvent> forRecord(String app, String object, long recordId) {
        return dsl.select(EVENT).from(OUTBOX).where(APP.eq(app), OBJECT.eq(object), RECORD_ID.eq(recordId))
                .orderBy(ID).fetch(OutboxStore::event);
    }

    List<WebhookDelivery> deliveries(long id) {
        return dsl.select(OUTBOX_ID, ATTEMPT, AT, STATUS_CODE, ERROR, DURATION_MS, RESPONSE).from(DELIVERY)
                .where(OUTBOX_ID.eq(id)).orderBy(ATTEMPT, field(name("id")))
                .fetch(r -> new WebhookDelivery(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                        r.value7()));
    }

    private static OutboxEvent event(Record r) {
        return new OutboxEvent(r.get(ID), r.get(EVENT_ID), r.get(TYPE), r.get(APP), r.get(OBJECT), r.get(RECORD_ID),
                r.get(SOURCE), r.get(DESTINATION), Json.parse(r.get(PAYLOAD).data()), r.get(STATUS), r.get(ATTEMPTS),
                r.get(NEXT_ATTEMPT_AT), r.get(CREATED_AT), r.get(DONE_AT), r.get(LAST_ERROR));
    }
}
