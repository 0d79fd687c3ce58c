package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.record.AuditEntry;
import dev.trellis.core.record.AuditPage;
import dev.trellis.core.record.BulkResult;
import dev.trellis.core.record.FieldChange;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The record service. Each write is one SQL statement that changes the record and appends its audit
 * row together (a data-modifying CTE). The object's {@link RecordListener}s act inside the write's
 * transaction; a single-statement write to an object without listeners needs no transaction of its own.
 */
public final class DefaultRecordService implements RecordService {

    static final String EXPANDED = "_expanded";

    private final MetadataService metadata;
    private final DSLContext dsl;
    private final javax.sql.DataSource dataSource;
    private final TransactionTemplate tx;
    private final List<RecordListener> listeners;
    private final AuditLog audit;
    private final BulkInserter bulk;

    public DefaultRecordService(MetadataService metadata, DSLContext dsl, javax.sql.DataSource dataSource,
            TransactionTemplate tx, List<RecordListener> listeners) {
        this.metadata = metadata;
        this.dsl = dsl;
        this.dataSource = dataSource;
        this.tx = tx;
        this.listeners = List.copyOf(listeners);
        this.audit = new AuditLog(dsl);
        this.bulk = new BulkInserter(dsl, dataSource);
    }

    private record TableKey(String object) {
    }

    private record ListenersKey(String object) {
    }

    private ObjectTable table(PublishedApp app, String object) {
        return app.compiled(new TableKey(object), p -> new ObjectTable(p.name(), p.getObject(object)));
    }

    /** The listeners of an object, asked once per generation. */
    private List<RecordListener> listenersOf(PublishedApp app, String object) {
        return app.compiled(new ListenersKey(object),
                p -> listeners.stream().filter(l -> l.listensTo(p.name(), object)).toList());
    }

    private void notify(List<RecordListener> interested, RecordChangedEvent event) {
        interested.forEach(listener -> listener.onChange(event));
    }

    @Override
    public Map<String, Object> create(Actor actor, String app, String object, JsonNode values) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        List<Problem> problems = new ArrayList<>();
        Object[] row = InputValues.forCreate(t, values, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        List<RecordListener> interested = listenersOf(published, object);
        // one statement writes record and audit; it needs a transaction of its own only for listeners
        return write(t, "", SqlErrors.Operation.WRITE, !interested.isEmpty(), () -> {
            AutoNumbers.draw(dsl, t, 1).apply(row, 0);
            InputValues.stamp(t, row, actor);
            List<FieldChange> changes = AuditLog.created(t, row);
            InsertStatement insert = published.compiled(new InsertStatement.Key(object),
                    p -> new InsertStatement(dsl, t));
            Map<String, Object> stored = insert.execute(dataSource, row, actor.userId(), actor.username(),
                    AuditLog.changesJson(changes));
            notify(interested, new RecordChangedEvent(app, object, (Long) stored.get(ObjectTable.ID),
                    RecordAction.CREATE, changes, actor));
            return stored;
        });
    }

    @Override
    public BulkResult bulkCreate(Actor actor, String app, String object, List<JsonNode> rows) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        List<RecordListener> interested = listenersOf(published, object);
        // an enclosing transaction may have made the table itself; only its own connection can see it then
        boolean ownTransaction = !TransactionSynchronizationManager.isActualTransactionActive();
        return write(t, "/records", SqlErrors.Operation.WRITE, true, () -> {
            BulkInserter.Outcome outcome = bulk.insert(actor, t, rows, !interested.isEmpty(), ownTransaction);
            if (!interested.isEmpty()) {
                for (int i = 0; i < outcome.ids().size(); i++) {
                    notify(interested, new RecordChangedEvent(app, object, outcome.ids().get(i), RecordAction.CREATE,
                            AuditLog.created(t, outcome.rows().get(i)), actor));
                }
            }
            return new BulkResult(outcome.ids().size(), outcome.ids());
        });
    }

    @Override
    public Map<String, Object> get(Actor actor, String app, String object, long id, Set<String> expand) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        checkExpand(t, expand);
        Map<String, Object> row = fetch(t, id, false);
        expand(published, t, List.of(row), expand);
        return row;
    }

    @Override
    public Map<String, Object> update(Actor actor, String app, String object, long id, int expectedVersion,
            JsonNode values) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Map<ObjectTable.Column, Object> columns = InputValues.forUpdate(t, values);
        List<RecordListener> interested = listenersOf(published, object);
        // read, then write guarded by the version: without listeners no transaction is needed around them
        return write(t, "", SqlErrors.Operation.WRITE, !interested.isEmpty(), () -> {
            Map<String, Object> old = fetch(t, id, false);
            checkVersion(old, expectedVersion);
            Map<Field<?>, Object> set = new LinkedHashMap<>();
            List<FieldChange> changes = new ArrayList<>();
            columns.forEach((column, value) -> {
                Object before = old.get(column.name());
                Object after = ValueConverter.fromColumn(value);
                if (!sameValue(before, after)) {
                    set.put(column.field(), value);
                    changes.add(new FieldChange(column.name(), before, after));
                }
            });
            if (changes.isEmpty()) {
                return old;
            }
            set.put(t.version, t.version.plus(1));
            set.put(t.updatedAt, DSL.currentOffsetDateTime());
            set.put(t.updatedBy, actor.userId());
            CommonTableExpression<?> upd = name("upd").as(dsl.update(t.table()).set(set)
                    .where(t.id.eq(id), t.version.eq(expectedVersion)).returning(t.selectFields()));
            Record r = dsl.with(upd).with(audit.insertFor(upd, actor, app, object, RecordAction.UPDATE,
                    AuditLog.changesJson(changes))).selectFrom(upd).fetchOne();
            if (r == null) {
                throw stale(expectedVersion, null);
            }
            notify(interested, new RecordChangedEvent(app, object, id, RecordAction.UPDATE, changes, actor));
            return toMap(t, r);
        });
    }

    @Override
    public void delete(Actor actor, String app, String object, long id, Integer expectedVersion) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        write(t, "", SqlErrors.Operation.DELETE, true, () -> {
            // locked, so no detail record can be added between listing the details and deleting the master
            Map<String, Object> old = fetch(t, id, true);
            if (expectedVersion != null) {
                checkVersion(old, expectedVersion);
            }
            deleteCascading(actor, published, t, old);
            return null;
        });
    }

    /** A master-detail field pointing at an object: the detail object and the field. */
    private record DetailField(String object, String field) {
    }

    private record DetailsKey(String master) {
    }

    /** The master-detail fields that point at an object, found once per generation. */
    private List<DetailField> detailsOf(PublishedApp published, String master) {
        return published.compiled(new DetailsKey(master), p -> p.objects().values().stream()
                .flatMap(o -> o.fields().stream()
                        .filter(f -> f.type() == FieldType.MASTER_DETAIL && master.equals(f.target()))
                        .map(f -> new DetailField(o.name(), f.name())))
                .toList());
    }

    /** Deletes the master-detail children first so each of them is audited and sends its event. */
    private void deleteCascading(Actor actor, PublishedApp published, ObjectTable t, Map<String, Object> row) {
        long id = (Long) row.get(ObjectTable.ID);
        for (DetailField detail : detailsOf(published, t.name())) {
            ObjectTable ct = table(published, detail.object());
            dsl.select(ct.selectFields()).from(ct.table()).where(ct.getColumn(detail.field()).field().eq(id)).forUpdate()
                    .fetch(r -> toMap(ct, r))
                    .forEach(childRow -> deleteCascading(actor, published, ct, childRow));
        }
        List<FieldChange> changes = new ArrayList<>();
        for (ObjectTable.Column column : t.dataColumns()) {
            if (row.get(column.name()) != null) {
                changes.add(new FieldChange(column.name(), row.get(column.name()), null));
            }
        }
        CommonTableExpression<?> del = name("del").as(dsl.deleteFrom(t.table())
                .where(t.id.eq(id), t.version.eq((Integer) row.get(ObjectTable.VERSION))).returning(t.id));
        int deleted = dsl.with(del).with(audit.insertFor(del, actor, t.app(), t.name(), RecordAction.DELETE,
                AuditLog.changesJson(changes))).selectFrom(del).fetch().size();
        if (deleted == 0) {
            throw stale((Integer) row.get(ObjectTable.VERSION), null);
        }
        notify(listenersOf(published, t.name()), new RecordChangedEvent(t.app(), t.name(), id, RecordAction.DELETE,
                changes, actor));
    }

    @Override
    public RecordPage query(Actor actor, String app, String object, RecordQuery query) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Condition where = FilterCompiler.compile(t, query.filter());
        Keyset keyset = new Keyset(t, query.sort());
        checkExpand(t, query.expand());
        List<Map<String, Object>> rows = read(t, () -> dsl.select(t.selectFields()).from(t.table())
                .where(where, keyset.after(query.after()))
                .orderBy(keyset.orderBy())
                .limit(query.limit() + 1)
                .fetch(r -> toMap(t, r)));
        String next = null;
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            next = keyset.cursorOf(rows.get(rows.size() - 1));
        }
        Long total = query.count() ? read(t, () -> (long) dsl.fetchCount(t.table(), where)) : null;
        expand(published, t, rows, query.expand());
        return new RecordPage(rows, next, total);
    }

    @Override
    public AuditPage history(Actor actor, String app, String object, long id, String field, int limit, Long before) {
        ObjectTable t = table(metadata.published(app), object);
        if (field != null && t.findColumn(field).isEmpty()) {
            throw InvalidException.of("field-unknown", "/field", "object " + object + " has no field '" + field + "'");
        }
        if (limit < 1 || limit > RecordQuery.MAX_LIMIT) {
            throw InvalidException.of("query-limit-invalid", "/limit", "limit is a whole number from 1 to "
                    + RecordQuery.MAX_LIMIT);
        }
        AuditPage page = read(t, () -> audit.history(app, object, id, field, limit, before));
        // show changes in the object's field order, whatever order the write named them in
        List<String> order = t.selectFields().stream().map(Field::getName).toList();
        Comparator<FieldChange> byField = Comparator.comparingInt(c -> {
            int i = order.indexOf(c.field());
            return i < 0 ? Integer.MAX_VALUE : i;
        });
        return new AuditPage(page.entries().stream().map(e -> new AuditEntry(e.id(), e.app(), e.object(), e.recordId(),
                e.action(), e.actorId(), e.actor(), e.at(), e.changes().stream().sorted(byField).toList())).toList(),
                page.before());
    }

    private interface Write<T> {
        T run();
    }

    /**
     * Runs a write, in a transaction when it needs one (several statements, or listeners that act in
     * it; an enclosing transaction is always joined), and turns the database's refusals into errors
     * naming the field.
     */
    private <T> T write(ObjectTable t, String pathPrefix, SqlErrors.Operation operation, boolean transactional,
            Write<T> write) {
        try {
            return transactional ? tx.execute(status -> write.run()) : write.run();
        } catch (org.jooq.exception.DataAccessException e) {
            throw SqlErrors.translate(e, t, pathPrefix, operation);
        }
    }

    /** Runs a read, turning a value the database refuses (in a filter, say) into a 400. */
    private static <T> T read(ObjectTable t, Write<T> read) {
        try {
            return read.run();
        } catch (org.jooq.exception.DataAccessException e) {
            throw SqlErrors.translate(e, t, "", SqlErrors.Operation.READ);
        }
    }

    private Map<String, Object> fetch(ObjectTable t, long id, boolean lock) {
        var select = dsl.select(t.selectFields()).from(t.table()).where(t.id.eq(id));
        Record r = read(t, () -> lock ? select.forUpdate().fetchOne() : select.fetchOne());
        if (r == null) {
            throw new NotFoundException("record-not-found", t.name() + " " + id + " does not exist");
        }
        return toMap(t, r);
    }

    static Map<String, Object> toMap(ObjectTable t, Record r) {
        List<Field<?>> fields = t.selectFields();
        Map<String, Object> row = new LinkedHashMap<>(fields.size() * 2);
        for (int i = 0; i < fields.size(); i++) {
            row.put(fields.get(i).getName(), ValueConverter.fromColumn(r.get(i)));
        }
        return row;
    }

    private static void checkVersion(Map<String, Object> row, int expected) {
        int current = (Integer) row.get(ObjectTable.VERSION);
        if (current != expected) {
            throw stale(expected, current);
        }
    }

    private static ConflictException stale(int expected, Integer current) {
        return new ConflictException("version-stale", "the record was changed since version " + expected
                + (current == null ? "" : " (it is at version " + current + ")") + "; read it again and reapply your change",
                List.of(Problem.of("version-stale", "/version", "expected version " + expected)), null);
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.isEqual(y);
        }
        return Objects.equals(a, b);
    }

    private static void checkExpand(ObjectTable t, Set<String> expand) {
        for (String field : expand) {
            boolean reference = t.findColumn(field).map(c -> c.definition().type().isReference()).orElse(false);
            if (!reference) {
                throw InvalidException.of("expand-invalid", "/expand", "'" + field + "' is not a lookup of " + t.name());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void expand(PublishedApp published, ObjectTable t, List<Map<String, Object>> rows, Set<String> expand) {
        for (String field : expand) {
            ObjectTable target = table(published, t.getColumn(field).definition().target());
            List<Long> ids = rows.stream().map(r -> (Long) r.get(field)).filter(Objects::nonNull).distinct().toList();
            if (ids.isEmpty()) {
                continue;
            }
            Map<Long, Map<String, Object>> byId = new HashMap<>();
            dsl.select(target.selectFields()).from(target.table()).where(target.id.in(ids))
                    .fetch(r -> toMap(target, r)).forEach(r -> byId.put((Long) r.get(ObjectTable.ID), r));
            for (Map<String, Object> row : rows) {
                Long id = (Long) row.get(field);
                if (id != null) {
                    ((Map<String, Object>) row.computeIfAbsent(EXPANDED, k -> new LinkedHashMap<String, Object>()))
                            .put(field, byId.get(id));
                }
            }
        }
    }
}
