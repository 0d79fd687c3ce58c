package dev.trellis.core.record.internal;

import static org.jooq.impl.DSL.name;

import dev.trellis.core.Actor;
import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
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
import dev.trellis.core.record.Permissions;
import dev.trellis.core.record.RecordShare;
import dev.trellis.core.security.OperationLog;
import dev.trellis.core.record.RecordAction;
import dev.trellis.core.record.RecordChangedEvent;
import dev.trellis.core.record.RecordPage;
import dev.trellis.core.record.RecordQuery;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.core.record.spi.RecordComputer;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.ValueConverter;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
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
    /** Writes begun on this thread, so a write can tell whether its listeners wrote again (see afterListeners). */
    private final ThreadLocal<int[]> writes = ThreadLocal.withInitial(() -> new int[1]);
    private final AuditLog audit;
    private final BulkInserter bulk;
    private final OperationLog operations;
    private final List<RecordCheck> checks;
    private final List<RecordComputer> computers;

    public DefaultRecordService(MetadataService metadata, DSLContext dsl, javax.sql.DataSource dataSource,
            TransactionTemplate tx, List<RecordListener> listeners, List<RecordCheck> checks,
            List<RecordComputer> computers, OperationLog operations) {
        this.operations = operations;
        this.checks = List.copyOf(checks);
        this.computers = List.copyOf(computers);
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

    private record ChecksKey(String object) {
    }

    /** The record checks of an object, asked once per generation. */
    private List<RecordCheck> checksOf(PublishedApp app, String object) {
        return app.compiled(new ChecksKey(object), p -> checks.stream().filter(c -> c.appliesTo(p, object)).toList());
    }

    private record ComputersKey(String object) {
    }

    private List<RecordComputer> computersOf(PublishedApp app, String object) {
        return app.compiled(new ComputersKey(object), p -> computers.stream().filter(c -> c.appliesTo(p, object)).toList());
    }

    /** Whether a write to the object needs {@link #prepare}: it has formulas to compute or checks to run. */
    private boolean prepares(PublishedApp published, String object) {
        return !computersOf(published, object).isEmpty() || !checksOf(published, object).isEmpty();
    }

    /**
     * Before a record is written: its formulas are computed into {@code after}, then the record checks run
     * on it. Returns the computed fields' new values (empty when there are none); problems get {@code prefix}.
     */
    private Map<ObjectTable.Column, Object> prepare(Actor actor, PublishedApp published, ObjectTable t,
            Map<String, Object> after, Map<String, Object> before, String prefix, List<Problem> problems,
            java.util.function.BiFunction<String, Long, Map<String, Object>> related) {
        int from = problems.size();
        Map<ObjectTable.Column, Object> computed = new LinkedHashMap<>();
        List<RecordComputer> computing = computersOf(published, t.name());
        for (RecordComputer computer : computing) {
            computer.compute(actor, published, t.name(), after, before, related, problems);
        }
        if (!computing.isEmpty() && problems.size() == from) {
            for (ObjectTable.Column column : t.dataColumns()) {
                if (column.definition().formula() != null) {
                    computed.put(column, ValueConverter.toColumn(column.definition(),
                            dev.trellis.core.json.Json.tree(after.get(column.name())), "/" + column.name(), problems));
                    after.put(column.name(), ValueConverter.fromColumn(computed.get(column)));
                }
            }
        }
        if (problems.size() == from) {
            for (RecordCheck check : checksOf(published, t.name())) {
                check.check(actor, published, t.name(), after, before, related, problems);
            }
        }
        if (!prefix.isEmpty()) {
            for (int i = from; i < problems.size(); i++) {
                problems.set(i, problems.get(i).under(prefix));
            }
        }
        return computed;
    }

    /** {@link #prepare} for a new record held as a row: computed values go into the row. */
    private void prepareRow(Actor actor, PublishedApp published, ObjectTable t, Object[] row, String prefix,
            List<Problem> problems, java.util.function.BiFunction<String, Long, Map<String, Object>> related) {
        InputValues.stamp(t, row, actor);
        prepare(actor, published, t, rowMap(t, row), null, prefix, problems, related)
                .forEach((column, value) -> row[column.position()] = value);
    }

    /** Recomputes the roll-ups fed by records of {@code t} in the parents named, and tells the parents' listeners. */
    private void rollUp(Actor actor, PublishedApp published, ObjectTable t,
            java.util.function.Function<Rollups.Target, Collection<Long>> parents) {
        for (Rollups.Target target : Rollups.fedBy(published, t.name(), this::table, dsl)) {
            Collection<Long> ids = parents.apply(target);
            ObjectTable parent = target.parent();
            for (Rollups.Changed changed : Rollups.recompute(dsl, actor, target, ids)) {
                notify(listenersOf(published, parent.name()), new RecordChangedEvent(t.app(),
                        parent.name(), changed.parentId(), RecordAction.UPDATE, changed.changes(), actor, published));
                if (prepares(published, parent.name())) {
                    recomputeParent(actor, published, parent, changed.parentId());
                }
            }
        }
    }

    /**
     * After a roll-up of a record changed, its formulas are computed again and its rules checked again: an
     * order's rebate follows its total, and a line that would take the order over its partner's credit
     * limit is refused, naming the order.
     */
    private void recomputeParent(Actor actor, PublishedApp published, ObjectTable t, long id) {
        Map<String, Object> old = fetch(t, id, true);
        Map<String, Object> after = new LinkedHashMap<>(old);
        List<Problem> problems = new ArrayList<>();
        Map<ObjectTable.Column, Object> computed = prepare(actor, published, t, after, old, "", problems,
                (o, rid) -> findRecord(dsl, published, o, rid));
        if (!problems.isEmpty()) {
            throw new InvalidException(problems.stream().map(p -> new Problem(p.code(), "", t.name() + " " + id
                    + (p.path().isEmpty() ? "" : " (" + p.path().substring(1) + ")") + ": " + p.message(), p.args()))
                    .toList());
        }
        Map<Field<?>, Object> set = new LinkedHashMap<>();
        List<FieldChange> changes = new ArrayList<>();
        computed.forEach((column, value) -> {
            Object now = ValueConverter.fromColumn(value);
            if (!sameValue(old.get(column.name()), now)) {
                set.put(column.field(), value);
                changes.add(new FieldChange(column.name(), old.get(column.name()), now));
            }
        });
        if (changes.isEmpty()) {
            return;
        }
        set.put(t.version, t.version.plus(1));
        set.put(t.updatedAt, DSL.currentOffsetDateTime());
        set.put(t.updatedBy, actor.userId());
        CommonTableExpression<?> upd = name("upd").as(dsl.update(t.table()).set(set).where(t.id.eq(id))
                .returning(t.id));
        dsl.with(upd).with(audit.insertFor(upd, actor, t.app(), t.name(), RecordAction.UPDATE,
                AuditLog.changesJson(changes))).selectFrom(upd).fetch();
        notify(listenersOf(published, t.name()), new RecordChangedEvent(t.app(), t.name(), id, RecordAction.UPDATE,
                changes, actor, published));
    }

    private boolean feedsRollups(PublishedApp published, String object) {
        return !Rollups.fedBy(published, object, this::table, dsl).isEmpty();
    }

    private Map<String, Object> findRecord(DSLContext using, PublishedApp published, String object, long id) {
        ObjectTable t = table(published, object);
        Record r = using.select(t.selectFields()).from(t.table()).where(t.id.eq(id)).fetchOne();
        return r == null ? null : toMap(t, r);
    }

    /** The distinct non-null ids among the values (lookup values, as stored or as returned). */
    private static List<Long> idsOf(Object... values) {
        return java.util.Arrays.stream(values).filter(Objects::nonNull).map(v -> ((Number) v).longValue()).distinct()
                .toList();
    }

    /** A converted row as the record map checks see. */
    private static Map<String, Object> rowMap(ObjectTable t, Object[] row) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (ObjectTable.Column column : t.columns()) {
            map.put(column.name(), ValueConverter.fromColumn(row[column.position()]));
        }
        return map;
    }

    private void notify(List<RecordListener> interested, RecordChangedEvent event) {
        interested.forEach(listener -> listener.onChange(event));
    }

    @Override
    public Map<String, Object> create(Actor actor, String app, String object, JsonNode values) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().create(), "object-create-forbidden", "create", t);
        checkSettable(actor, access, t, List.of(values), "");
        List<Problem> problems = new ArrayList<>();
        Object[] row = InputValues.forCreate(t, values, "", problems);
        if (problems.isEmpty() && prepares(published, object)) {
            prepareRow(actor, published, t, row, "", problems, (o, id) -> findRecord(dsl, published, o, id));
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        checkLookups(actor, published, t, List.of(values), "");
        List<RecordListener> interested = listenersOf(published, object);
        boolean scoped = access.edit() != DSL.noCondition();
        boolean rollups = feedsRollups(published, object);
        // one statement writes record and audit; it needs a transaction of its own only for listeners, to take
        // the record back if it lands outside what the actor may change, or to update roll-ups with it
        return write(t, "", SqlErrors.Operation.WRITE, !interested.isEmpty() || scoped || rollups, () -> {
            AutoNumbers.draw(dsl, t, 1).apply(row, 0);
            InputValues.stamp(t, row, actor);
            List<FieldChange> changes = AuditLog.created(t, row);
            InsertStatement insert = published.compiled(new InsertStatement.Key(object),
                    p -> new InsertStatement(dsl, t));
            Map<String, Object> stored = insert.execute(dataSource, row, actor.userId(), actor.username(),
                    AuditLog.changesJson(changes));
            long id = (Long) stored.get(ObjectTable.ID);
            if (scoped) {
                checkLanded(t, access, List.of(id), "");
            }
            int writesBefore = writes.get()[0];
            notify(interested, new RecordChangedEvent(app, object, id, RecordAction.CREATE, changes, actor,
                    published));
            if (rollups) {
                rollUp(actor, published, t, target -> idsOf(row[target.via().position()]));
            }
            return strip(afterListeners(t, stored, writesBefore), access);
        });
    }

    /**
     * The record as the caller should see it: a listener (a trigger's set-fields, a flow) may have written it
     * again in the same transaction, and a caller holding the written version would get a conflict next time.
     * Any such write came through this service on this thread, so the row is read again only when one did.
     */
    private Map<String, Object> afterListeners(ObjectTable t, Map<String, Object> written, int writesBefore) {
        return writes.get()[0] == writesBefore ? written : fetch(t, (Long) written.get(ObjectTable.ID), false);
    }

    @Override
    public BulkResult bulkCreate(Actor actor, String app, String object, List<JsonNode> rows) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().create(), "object-create-forbidden", "create", t);
        checkSettable(actor, access, t, rows, "/records/");
        checkLookups(actor, published, t, rows, "/records/");
        List<RecordListener> interested = listenersOf(published, object);
        // an enclosing transaction may have made the table itself; only its own connection can see it then
        boolean ownTransaction = !TransactionSynchronizationManager.isActualTransactionActive();
        return write(t, "/records", SqlErrors.Operation.WRITE, true, () -> {
            // the transaction's connection is busy streaming the COPY: records the checks look up come from
            // another connection (committed data), each once for the whole load
            DSLContext aside = DSL.using(dataSource, org.jooq.SQLDialect.POSTGRES);
            Map<String, Map<String, Object>> seen = new HashMap<>();
            java.util.function.BiFunction<String, Long, Map<String, Object>> related = (o, id) ->
                    seen.computeIfAbsent(o + "/" + id, k -> findRecord(aside, published, o, id));
            BulkInserter.RowCheck rowCheck = !prepares(published, object) ? null
                    : (row, i, problems) -> prepareRow(actor, published, t, row, "/records/" + i, problems, related);
            BulkInserter.Outcome outcome = bulk.insert(actor, t, rows, !interested.isEmpty(), ownTransaction, rowCheck);
            if (access.edit() != DSL.noCondition()) {
                checkLanded(t, access, outcome.ids(), "/records/");
            }
            if (feedsRollups(published, object)) {
                Long[] created = outcome.ids().toArray(Long[]::new);
                rollUp(actor, published, t, target -> dsl.selectDistinct(target.via().field().cast(Long.class))
                        .from(t.table()).where(t.id.eq(DSL.any(created)), target.via().field().isNotNull())
                        .fetch(0, Long.class));
            }
            if (!interested.isEmpty()) {
                for (int i = 0; i < outcome.ids().size(); i++) {
                    notify(interested, new RecordChangedEvent(app, object, outcome.ids().get(i), RecordAction.CREATE,
                            AuditLog.created(t, outcome.rows().get(i)), actor, published));
                }
            }
            return new BulkResult(outcome.ids().size(), outcome.ids());
        });
    }

    @Override
    public Map<String, Object> get(Actor actor, String app, String object, long id, Set<String> expand) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().read(), "object-read-forbidden", "read", t);
        checkExpand(t, access, expand);
        Map<String, Object> row = fetch(t, id, access.read(), false);
        expand(actor, published, t, List.of(row), expand);
        return strip(row, access);
    }

    @Override
    public Map<String, Object> update(Actor actor, String app, String object, long id, Integer expectedVersion,
            JsonNode values) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().edit(), "object-edit-forbidden", "edit", t);
        checkSettable(actor, access, t, List.of(values), "");
        Map<ObjectTable.Column, Object> columns = InputValues.forUpdate(t, values);
        checkLookups(actor, published, t, List.of(values), "");
        List<RecordListener> interested = listenersOf(published, object);
        boolean scoped = access.edit() != DSL.noCondition();
        boolean rollups = feedsRollups(published, object);
        // read, then write guarded by the version: without listeners, a scope to check afterwards or roll-ups
        // to update, no transaction is needed around them
        return write(t, "", SqlErrors.Operation.WRITE, !interested.isEmpty() || scoped || rollups, () -> {
            Map<String, Object> old = fetchEditable(t, id, access, false);
            int version = expectedVersion != null ? expectedVersion : (Integer) old.get(ObjectTable.VERSION);
            checkVersion(old, version);
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
                return strip(old, access);
            }
            if (prepares(published, object)) {
                Map<String, Object> after = new LinkedHashMap<>(old);
                changes.forEach(c -> after.put(c.field(), c.newValue()));
                List<Problem> problems = new ArrayList<>();
                Map<ObjectTable.Column, Object> computed = prepare(actor, published, t, after, old, "", problems,
                        (o, rid) -> findRecord(dsl, published, o, rid));
                if (!problems.isEmpty()) {
                    throw new InvalidException(problems);
                }
                computed.forEach((column, value) -> {
                    Object before = old.get(column.name());
                    Object now = ValueConverter.fromColumn(value);
                    if (!sameValue(before, now)) {
                        set.put(column.field(), value);
                        changes.add(new FieldChange(column.name(), before, now));
                    }
                });
            }
            set.put(t.version, t.version.plus(1));
            set.put(t.updatedAt, DSL.currentOffsetDateTime());
            set.put(t.updatedBy, actor.userId());
            CommonTableExpression<?> upd = name("upd").as(dsl.update(t.table()).set(set)
                    .where(t.id.eq(id), t.version.eq(version)).returning(t.selectFields()));
            Record r = dsl.with(upd).with(audit.insertFor(upd, actor, app, object, RecordAction.UPDATE,
                    AuditLog.changesJson(changes))).selectFrom(upd).fetchOne();
            if (r == null) {
                throw stale(version, null);
            }
            if (scoped) {
                checkLanded(t, access, List.of(id), "");
            }
            int writesBefore = writes.get()[0];
            notify(interested, new RecordChangedEvent(app, object, id, RecordAction.UPDATE, changes, actor,
                    published));
            Map<String, Object> updated = toMap(t, r);
            if (rollups) {
                rollUp(actor, published, t, target -> idsOf(old.get(target.via().name()), updated.get(target.via().name())));
            }
            return strip(afterListeners(t, updated, writesBefore), access);
        });
    }

    @Override
    public void delete(Actor actor, String app, String object, long id, Integer expectedVersion) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().delete(), "object-delete-forbidden", "delete", t);
        write(t, "", SqlErrors.Operation.DELETE, true, () -> {
            // locked, so no detail record can be added between listing the details and deleting the master
            Map<String, Object> old = fetchEditable(t, id, access, true);
            if (expectedVersion != null) {
                checkVersion(old, expectedVersion);
            }
            deleteCascading(actor, published, t, old, new java.util.HashSet<>());
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
    private void deleteCascading(Actor actor, PublishedApp published, ObjectTable t, Map<String, Object> row,
            Set<String> deleting) {
        long id = (Long) row.get(ObjectTable.ID);
        deleting.add(t.name() + "/" + id); // its roll-ups need no update: it is going
        for (DetailField detail : detailsOf(published, t.name())) {
            ObjectTable ct = table(published, detail.object());
            dsl.select(ct.selectFields()).from(ct.table()).where(ct.getColumn(detail.field()).field().eq(id)).forUpdate()
                    .fetch(r -> toMap(ct, r))
                    .forEach(childRow -> deleteCascading(actor, published, ct, childRow, deleting));
        }
        List<FieldChange> changes = new ArrayList<>();
        for (ObjectTable.Column column : t.dataColumns()) {
            if (row.get(column.name()) != null) {
                changes.add(new FieldChange(column.name(), row.get(column.name()), null));
            }
        }
        // listeners of a delete get all the record held, owner and creator included; the audit keeps the data
        List<FieldChange> held = new ArrayList<>(changes);
        for (ObjectTable.Column column : t.columns()) {
            if (!column.name().equals(ObjectTable.ID) && !t.dataColumns().contains(column) && row.get(column.name()) != null) {
                held.add(new FieldChange(column.name(), row.get(column.name()), null));
            }
        }
        CommonTableExpression<?> del = name("del").as(dsl.deleteFrom(t.table())
                .where(t.id.eq(id), t.version.eq((Integer) row.get(ObjectTable.VERSION))).returning(t.id));
        int deleted = dsl.with(del).with(audit.insertFor(del, actor, t.app(), t.name(), RecordAction.DELETE,
                AuditLog.changesJson(changes))).selectFrom(del).fetch().size();
        if (deleted == 0) {
            throw stale((Integer) row.get(ObjectTable.VERSION), null);
        }
        dsl.deleteFrom(SHARES).where(SHARE_APP.eq(t.app()), SHARE_OBJECT.eq(t.name()), SHARE_RECORD.eq(id)).execute();
        notify(listenersOf(published, t.name()), new RecordChangedEvent(t.app(), t.name(), id, RecordAction.DELETE,
                held, actor, published));
        rollUp(actor, published, t, target -> {
            Object parent = row.get(target.via().name());
            return parent == null || deleting.contains(target.parent().name() + "/" + parent) ? List.of() : idsOf(parent);
        });
    }

    @Override
    public RecordPage query(Actor actor, String app, String object, RecordQuery query) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().read(), "object-read-forbidden", "read", t);
        checkVisible(access, query);
        Condition where = DSL.and(FilterCompiler.compile(t, query.filter()), access.read());
        Keyset keyset = new Keyset(t, query.sort());
        checkExpand(t, access, query.expand());
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
        expand(actor, published, t, rows, query.expand());
        rows.replaceAll(row -> strip(row, access));
        return new RecordPage(rows, next, total);
    }

    @Override
    public AuditPage history(Actor actor, String app, String object, long id, String field, int limit, Long before) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access access = access(actor, published, t);
        require(access.permissions().read(), "object-read-forbidden", "read", t);
        if (field != null && !access.permissions().canSee(field)) {
            throw hidden(t, field, "/field");
        }
        if (!actor.isAdmin()) {
            fetch(t, id, access.read(), false); // only the history of a record the actor can read now
        }
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
                e.action(), e.actorId(), e.actor(), e.at(), e.changes().stream()
                        .filter(c -> access.permissions().canSee(c.field())).sorted(byField).toList())).toList(),
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
        writes.get()[0]++;
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
        return fetch(t, id, DSL.noCondition(), lock);
    }

    /** A record the actor can read; one they cannot is not found, whether or not it exists. */
    private Map<String, Object> fetch(ObjectTable t, long id, Condition readable, boolean lock) {
        var select = dsl.select(t.selectFields()).from(t.table()).where(t.id.eq(id), readable);
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

    private Access access(Actor actor, PublishedApp published, ObjectTable t) {
        return Access.of(actor, published, t, this::table, dsl);
    }

    private static final org.jooq.Table<Record> SHARES = DSL.table(name("trellis_sys", "record_share"));
    private static final Field<String> SHARE_APP = DSL.field(name("app"), String.class);
    private static final Field<String> SHARE_OBJECT = DSL.field(name("object"), String.class);
    private static final Field<Long> SHARE_RECORD = DSL.field(name("record_id"), Long.class);
    private static final Field<Long> SHARE_USER = DSL.field(name("user_id"), Long.class);
    private static final Field<String> SHARE_ACCESS = DSL.field(name("access"), String.class);
    private static final Field<Long> SHARED_BY = DSL.field(name("shared_by"), Long.class);
    private static final Field<OffsetDateTime> SHARED_AT = DSL.field(name("shared_at"), OffsetDateTime.class);

    @Override
    public void share(Actor actor, String app, String object, long id, long userId, String access) {
        if (!"read".equals(access) && !"edit".equals(access)) {
            throw InvalidException.of("share-access-invalid", "/access", "access is read or edit");
        }
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access granted = access(actor, published, t);
        tx.execute(status -> {
            fetchEditable(t, id, granted, false);
            if (!dsl.fetchExists(DSL.table(name("trellis_sys", "app_user")), DSL.field(name("id"), Long.class).eq(userId))) {
                throw InvalidException.of("user-unknown", "/userId", "there is no user " + userId);
            }
            dsl.insertInto(SHARES, SHARE_APP, SHARE_OBJECT, SHARE_RECORD, SHARE_USER, SHARE_ACCESS, SHARED_BY)
                    .values(app, object, id, userId, access, actor.userId())
                    .onConflict(SHARE_APP, SHARE_OBJECT, SHARE_RECORD, SHARE_USER)
                    .doUpdate().set(SHARE_ACCESS, access).set(SHARED_BY, actor.userId()).set(SHARED_AT, DSL.currentOffsetDateTime())
                    .execute();
            operations.record(actor, "record.share", app + "/" + object + "/" + id, Map.of("userId", userId, "access", access));
            return null;
        });
    }

    @Override
    public void unshare(Actor actor, String app, String object, long id, long userId) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access granted = access(actor, published, t);
        tx.execute(status -> {
            fetchEditable(t, id, granted, false);
            int removed = dsl.deleteFrom(SHARES).where(SHARE_APP.eq(app), SHARE_OBJECT.eq(object), SHARE_RECORD.eq(id),
                    SHARE_USER.eq(userId)).execute();
            if (removed > 0) {
                operations.record(actor, "record.unshare", app + "/" + object + "/" + id, Map.of("userId", userId));
            }
            return null;
        });
    }

    @Override
    public List<RecordShare> shares(Actor actor, String app, String object, long id) {
        PublishedApp published = metadata.published(app);
        ObjectTable t = table(published, object);
        Access granted = access(actor, published, t);
        require(granted.permissions().read(), "object-read-forbidden", "read", t);
        fetch(t, id, granted.read(), false);
        Field<String> username = DSL.field(name("u", "username"), String.class);
        return dsl.select(SHARE_USER, username, SHARE_ACCESS, SHARED_BY, SHARED_AT).from(SHARES)
                .join(DSL.table(name("trellis_sys", "app_user")).as("u")).on(DSL.field(name("u", "id"), Long.class).eq(SHARE_USER))
                .where(SHARE_APP.eq(app), SHARE_OBJECT.eq(object), SHARE_RECORD.eq(id)).orderBy(username)
                .fetch(r -> new RecordShare(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    @Override
    public Permissions permissions(Actor actor, String app, String object) {
        PublishedApp published = metadata.published(app);
        return access(actor, published, table(published, object)).permissions();
    }

    private static void require(boolean allowed, String code, String operation, ObjectTable t) {
        if (!allowed) {
            throw new ForbiddenException(code, "you may not " + operation + " " + t.name() + " records");
        }
    }

    private static ForbiddenException hidden(ObjectTable t, String field, String path) {
        return new ForbiddenException("field-forbidden", "you may not see field " + field + " of " + t.name(),
                List.of(Problem.of("field-forbidden", path, "you may not see field " + field + " of " + t.name())));
    }

    /** Values the actor may not set: hidden or read-only fields, and the owner of a partner user's record. */
    private static void checkSettable(Actor actor, Access access, ObjectTable t, List<JsonNode> rows, String prefix) {
        Permissions p = access.permissions();
        if (p.hiddenFields().isEmpty() && p.readOnlyFields().isEmpty() && !actor.isPartner()) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            if (row == null || !row.isObject()) {
                continue; // reported by the conversion
            }
            String path = prefix.isEmpty() ? "" : prefix + i;
            for (String field : row.propertyNames()) {
                if (!p.canSet(field) || actor.isPartner() && field.equals(ObjectTable.OWNER_ID)) {
                    problems.add(Problem.of("field-forbidden", path + "/" + field, "you may not "
                            + (p.canSee(field) ? "set" : "see") + " field " + field + " of " + t.name()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw ForbiddenException.of(problems);
        }
    }

    /**
     * Every lookup a write sets must point at a record the actor can read: an order line may not hang
     * from another partner's order. A record that does not exist is refused the same way, so the answer
     * says nothing about other partners' records.
     */
    private void checkLookups(Actor actor, PublishedApp published, ObjectTable t, List<JsonNode> rows, String prefix) {
        if (actor.isAdmin()) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        for (ObjectTable.Column column : t.dataColumns()) {
            if (!column.definition().type().isReference()) {
                continue;
            }
            ObjectTable target = table(published, column.definition().target());
            Access targetAccess = access(actor, published, target);
            Map<Long, List<String>> pathsById = new LinkedHashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                JsonNode value = rows.get(i) == null ? null : rows.get(i).get(column.name());
                if (value != null && value.isIntegralNumber() && value.canConvertToLong()) {
                    pathsById.computeIfAbsent(value.longValue(), k -> new ArrayList<>())
                            .add((prefix.isEmpty() ? "" : prefix + i) + "/" + column.name());
                }
            }
            if (pathsById.isEmpty() || targetAccess.permissions().read() && targetAccess.unrestrictedRead()) {
                continue; // the foreign key finds ids that do not exist
            }
            Set<Long> readable = targetAccess.permissions().read()
                    ? new java.util.HashSet<>(dsl.select(target.id).from(target.table())
                            .where(target.id.in(pathsById.keySet()), targetAccess.read()).fetch(target.id))
                    : Set.of();
            pathsById.forEach((id, paths) -> {
                if (!readable.contains(id)) {
                    paths.forEach(path -> problems.add(Problem.of("lookup-forbidden", path, "no " + target.name()
                            + " " + id + " that you can read")));
                }
            });
        }
        if (!problems.isEmpty()) {
            throw ForbiddenException.of(problems);
        }
    }

    /**
     * After a write by an actor whose changes are limited (a partner user, a private object), checks
     * that the records are still within what they may change; the transaction is rolled back otherwise.
     */
    private void checkLanded(ObjectTable t, Access access, List<Long> ids, String prefix) {
        Set<Long> inside = new java.util.HashSet<>(dsl.select(t.id).from(t.table())
                .where(t.id.eq(DSL.any(ids.toArray(Long[]::new))), access.edit()).fetch(t.id));
        if (inside.size() == ids.size()) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < ids.size() && problems.size() < BulkInserter.MAX_PROBLEMS; i++) {
            if (!inside.contains(ids.get(i))) {
                problems.add(Problem.of("record-outside-scope", prefix.isEmpty() ? "" : prefix + i,
                        "the " + t.name() + " would be outside the records you may change (check its "
                                + "partner or owner)"));
            }
        }
        throw ForbiddenException.of(problems);
    }

    /** A record the actor can read, checked for being one they may change; locked for a delete. */
    private Map<String, Object> fetchEditable(ObjectTable t, long id, Access access, boolean lock) {
        Map<String, Object> row = fetch(t, id, access.read(), lock);
        if (access.edit() != DSL.noCondition() && access.edit() != access.read()
                && !dsl.fetchExists(t.table(), t.id.eq(id), access.edit())) {
            throw new ForbiddenException("record-edit-forbidden", "you may read " + t.name() + " " + id
                    + " but not change or delete it");
        }
        return row;
    }

    /** A query may not filter or sort by a field the actor cannot see: the order alone would leak it. */
    private static void checkVisible(Access access, RecordQuery query) {
        Permissions p = access.permissions();
        if (p.hiddenFields().isEmpty()) {
            return;
        }
        List<Problem> problems = new ArrayList<>();
        if (query.filter() != null) {
            FilterCompiler.fieldsOf(query.filter(), (field, path) -> {
                if (!p.canSee(field)) {
                    problems.add(Problem.of("field-forbidden", path, "you may not filter by field " + field));
                }
            });
        }
        for (int i = 0; i < query.sort().size(); i++) {
            String field = query.sort().get(i).field();
            if (!p.canSee(field)) {
                problems.add(Problem.of("field-forbidden", "/sort/" + i + "/field", "you may not sort by field " + field));
            }
        }
        if (!problems.isEmpty()) {
            throw ForbiddenException.of(problems);
        }
    }

    /** The record without the fields the actor may not see. */
    private static Map<String, Object> strip(Map<String, Object> row, Access access) {
        Set<String> hidden = access.permissions().hiddenFields();
        if (!hidden.isEmpty()) {
            row.keySet().removeAll(hidden);
        }
        return row;
    }

    private static void checkExpand(ObjectTable t, Access access, Set<String> expand) {
        for (String field : expand) {
            if (!access.permissions().canSee(field)) {
                throw hidden(t, field, "/expand");
            }
        }
        checkExpand(t, expand);
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
    /** Fills {@code _expanded} with the looked-up records the actor can read, as far as they can see them. */
    private void expand(Actor actor, PublishedApp published, ObjectTable t, List<Map<String, Object>> rows,
            Set<String> expand) {
        for (String field : expand) {
            ObjectTable target = table(published, t.getColumn(field).definition().target());
            Access access = access(actor, published, target);
            List<Long> ids = rows.stream().map(r -> (Long) r.get(field)).filter(Objects::nonNull).distinct().toList();
            if (ids.isEmpty()) {
                continue;
            }
            Map<Long, Map<String, Object>> byId = new HashMap<>();
            if (access.permissions().read()) {
                dsl.select(target.selectFields()).from(target.table()).where(target.id.in(ids), access.read())
                        .fetch(r -> strip(toMap(target, r), access)).forEach(r -> byId.put((Long) r.get(ObjectTable.ID), r));
            }
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
