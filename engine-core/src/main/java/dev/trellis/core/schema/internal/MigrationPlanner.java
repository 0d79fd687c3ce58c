package dev.trellis.core.schema.internal;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.name;

import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.IndexDefinition;
import dev.trellis.core.metadata.RollupDefinition;
import dev.trellis.core.metadata.SharingModel;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.schema.MigrationPlan;
import dev.trellis.core.schema.MigrationStep;
import dev.trellis.core.schema.MigrationStep.Action;
import dev.trellis.core.storage.ColumnType;
import dev.trellis.core.storage.ObjectTable;
import dev.trellis.core.storage.StorageNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jooq.ConstraintForeignKeyOnStep;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Computes the migration from one generation's objects to the next: new tables, added columns,
 * widened types, and — only as destructive steps — archived (never dropped) columns and tables.
 * Every statement is built with jOOQ from validated names.
 */
public final class MigrationPlanner {

    private final DSLContext dsl;

    public MigrationPlanner(DSLContext dsl) {
        this.dsl = dsl;
    }

    public PlannedMigration plan(String app, boolean schemaExists, int fromGeneration,
            Map<String, ObjectDefinition> before, Map<String, ObjectDefinition> after) {
        Steps steps = new Steps();
        int generation = fromGeneration + 1;
        if (!schemaExists) {
            steps.add(Action.CREATE_SCHEMA, null, null, "create schema " + StorageNames.schema(app), false,
                    dsl.createSchemaIfNotExists(StorageNames.schema(app)));
        }
        for (ObjectDefinition object : after.values()) {
            ObjectDefinition old = before.get(object.name());
            if (old == null) {
                createTable(app, object, steps);
            } else {
                alterTable(app, old, object, generation, steps);
            }
        }
        for (ObjectDefinition old : before.values()) {
            if (!after.containsKey(old.name())) {
                archiveTable(app, old, generation, steps);
            }
        }
        for (ObjectDefinition object : after.values()) {
            ObjectDefinition old = before.get(object.name());
            foreignKeys(app, old, object, steps);
            indexes(app, old, object, steps);
        }
        for (ObjectDefinition object : after.values()) {
            rollups(app, before.get(object.name()), object, after, steps);
        }
        return new PlannedMigration(new MigrationPlan(app, fromGeneration, generation, steps.steps), steps.queries);
    }

    private void createTable(String app, ObjectDefinition object, Steps steps) {
        ObjectTable t = new ObjectTable(app, object);
        var create = dsl.createTable(t.table())
                .column(t.id, SQLDataType.BIGINT.notNull().identity(true))
                .column(t.createdAt, SQLDataType.TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()))
                .column(t.createdBy, SQLDataType.BIGINT.notNull())
                .column(t.updatedAt, SQLDataType.TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()))
                .column(t.updatedBy, SQLDataType.BIGINT.notNull())
                .column(t.ownerId, SQLDataType.BIGINT.notNull())
                .column(t.version, SQLDataType.INTEGER.notNull().defaultValue(1));
        for (ObjectTable.Column column : t.dataColumns()) {
            create = create.column(column.field(), ColumnType.of(column.definition()).dataType().nullable(true));
        }
        List<Query> queries = new ArrayList<>();
        queries.add(create.constraints(constraint(name(StorageNames.primaryKey(object.name()))).primaryKey(t.id)));
        for (FieldDefinition field : object.fields()) {
            queries.addAll(fieldExtras(app, object, field));
        }
        steps.add(Action.CREATE_TABLE, object.name(), null, "create table " + object.name() + " with "
                + object.fields().size() + " fields", false, queries.toArray(Query[]::new));
    }

    /** The unique index and sequence a field brings along (foreign keys come after all tables exist). */
    private List<Query> fieldExtras(String app, ObjectDefinition object, FieldDefinition field) {
        List<Query> queries = new ArrayList<>();
        if (field.unique()) {
            queries.add(uniqueIndex(app, object, field));
        }
        if (field.type() == FieldType.AUTO_NUMBER) {
            queries.add(dsl.createSequenceIfNotExists(name(StorageNames.schema(app),
                    StorageNames.sequence(object.name(), field.name()))));
        }
        return queries;
    }

    private Query uniqueIndex(String app, ObjectDefinition object, FieldDefinition field) {
        return dsl.createUniqueIndex(StorageNames.uniqueIndex(object.name(), field.name()))
                .on(DSL.table(StorageNames.table(app, object.name())), column(field));
    }

    /**
     * Indexes live in the app's schema, which is not on the search path, so their names must be
     * qualified. jOOQ's DROP INDEX and ALTER INDEX leave the schema out for PostgreSQL
     * (jOOQ/jOOQ#9869), which made IF EXISTS silently drop nothing; a template keeps the name whole.
     */
    private Query dropIndex(String app, String index) {
        return dsl.query("drop index if exists {0}", name(StorageNames.schema(app), index));
    }

    private void alterTable(String app, ObjectDefinition old, ObjectDefinition object, int generation, Steps steps) {
        Name table = StorageNames.table(app, object.name());
        for (FieldDefinition field : object.fields()) {
            Optional<FieldDefinition> previous = old.findField(field.name());
            if (previous.isEmpty()) {
                List<Query> queries = new ArrayList<>();
                queries.add(dsl.alterTable(table).addColumn(name(field.name()), ColumnType.of(field).dataType().nullable(true)));
                queries.addAll(fieldExtras(app, object, field));
                steps.add(Action.ADD_COLUMN, object.name(), field.name(), "add field " + field.name() + " ("
                        + field.type().jsonName() + ")", false, queries.toArray(Query[]::new));
            } else {
                alterColumn(app, object, previous.get(), field, generation, steps);
            }
        }
        for (FieldDefinition field : old.fields()) {
            if (object.findField(field.name()).isEmpty()) {
                String archived = StorageNames.archivedColumn(field.name(), generation);
                steps.add(Action.ARCHIVE_COLUMN, object.name(), field.name(), "remove field " + field.name()
                        + "; its data stays in column " + archived, true,
                        archiveColumn(app, old, field, archived).toArray(Query[]::new));
            }
        }
    }

    private void alterColumn(String app, ObjectDefinition object, FieldDefinition old, FieldDefinition field,
            int generation, Steps steps) {
        Name table = StorageNames.table(app, object.name());
        ColumnType from = ColumnType.of(old);
        ColumnType to = ColumnType.of(field);
        if (from.equals(to) && !replacesColumn(old, field)) {
            if (old.type() != field.type()) {
                steps.add(Action.METADATA_ONLY, object.name(), field.name(), "field " + field.name() + " becomes "
                        + field.type().jsonName() + " (same column type " + to + ")", false);
            }
        } else if (!replacesColumn(old, field)) {
            steps.add(Action.WIDEN_COLUMN, object.name(), field.name(), "widen " + field.name() + " from " + from
                    + " to " + to, false, dsl.alterTable(table).alterColumn(name(field.name())).set(to.dataType()));
        } else {
            String archived = StorageNames.archivedColumn(field.name(), generation);
            List<Query> queries = archiveColumn(app, object, old, archived);
            queries.add(dsl.alterTable(table).addColumn(name(field.name()), to.dataType().nullable(true)));
            if (!old.type().isReference() && !field.type().isReference()) {
                queries.addAll(copyConverted(object, table, archived, from, field, to));
            }
            queries.addAll(fieldExtras(app, object, field));
            steps.add(Action.RETYPE_COLUMN, object.name(), field.name(), "change " + field.name() + " from "
                    + old.type().jsonName() + " " + from + " to " + field.type().jsonName() + " " + to
                    + "; the old values stay in column " + archived, true, queries.toArray(Query[]::new));
            return;
        }
        if (field.unique() && !old.unique()) {
            steps.add(Action.ADD_UNIQUE, object.name(), field.name(), "make " + field.name() + " unique", false,
                    uniqueIndex(app, object, field));
        } else if (!field.unique() && old.unique()) {
            steps.add(Action.DROP_UNIQUE, object.name(), field.name(), "let " + field.name() + " repeat", false,
                    dropIndex(app, StorageNames.uniqueIndex(object.name(), field.name())));
        }
        if (field.type() == FieldType.AUTO_NUMBER && old.type() != FieldType.AUTO_NUMBER) {
            steps.add(Action.CREATE_SEQUENCE, object.name(), field.name(), "number " + field.name()
                    + " automatically", false, dsl.createSequenceIfNotExists(name(StorageNames.schema(app),
                    StorageNames.sequence(object.name(), field.name()))));
        }
        if (field.type().isReference() && old.type().isReference() && old.type() != field.type()) {
            steps.add(Action.DROP_FOREIGN_KEY, object.name(), field.name(), "replace the foreign key of "
                    + field.name(), false, dsl.alterTable(table).dropConstraint(StorageNames.foreignKey(object.name(),
                    field.name())));
        }
    }

    /** Whether a changed field gets a new column (the old one archived) rather than keeping or widening its own. */
    private static boolean replacesColumn(FieldDefinition old, FieldDefinition field) {
        boolean sameReference = old.type().isReference() == field.type().isReference()
                && Objects.equals(old.target(), field.target());
        return !(sameReference && ColumnType.of(old).fitsIn(ColumnType.of(field)));
    }

    /**
     * Keeps an old column's values by renaming it, after taking off what would clash with a new
     * column of the same name (unique index, foreign key).
     */
    private List<Query> archiveColumn(String app, ObjectDefinition object, FieldDefinition field, String archived) {
        Name table = StorageNames.table(app, object.name());
        List<Query> queries = new ArrayList<>();
        if (field.unique()) {
            queries.add(dropIndex(app, StorageNames.uniqueIndex(object.name(), field.name())));
        }
        if (field.type().isReference()) {
            queries.add(dsl.alterTable(table).dropConstraintIfExists(StorageNames.foreignKey(object.name(), field.name())));
            queries.add(dropIndex(app, StorageNames.lookupIndex(object.name(), field.name())));
        }
        queries.add(dsl.alterTable(table).renameColumn(column(field)).to(name(archived)));
        return queries;
    }

    /**
     * Copies archived values into the retyped column so that a value that does not survive whole
     * fails the publish. Into text, and within one kind of column, plain assignment raises an error on
     * a value too long (an explicit cast to varchar(n) would silently cut it, whatever it comes from);
     * otherwise a cast raises an error on a value it cannot convert. Casts and assignments that round
     * instead (fewer decimals, decimal to integer, time to date) are followed by a check that every
     * copied value equals its original.
     */
    private List<Query> copyConverted(ObjectDefinition object, Name table, String archived, ColumnType from,
            FieldDefinition field, ColumnType to) {
        @SuppressWarnings("unchecked")
        Field<Object> target = (Field<Object>) DSL.field(name(field.name()), to.dataType());
        @SuppressWarnings("unchecked")
        Field<Object> source = (Field<Object>) DSL.field(name(archived), from.dataType());
        boolean assign = from.kind() == to.kind() || to.kind() == ColumnType.Kind.VARCHAR
                || to.kind() == ColumnType.Kind.TEXT;
        @SuppressWarnings("unchecked")
        Field<Object> value = assign ? source : (Field<Object>) source.cast(to.dataType());
        List<Query> queries = new ArrayList<>();
        queries.add(dsl.update(DSL.table(table)).set(Map.of(target, value)));
        boolean mayRound = from.kind() == ColumnType.Kind.NUMERIC
                && (to.kind() == ColumnType.Kind.NUMERIC || to.kind() == ColumnType.Kind.BIGINT)
                || from.kind() == ColumnType.Kind.TIMESTAMPTZ && to.kind() == ColumnType.Kind.DATE;
        if (mayRound) {
            Name check = name(StorageNames.losslessCheck(object.name(), field.name()));
            queries.add(dsl.alterTable(table).add(constraint(check).check(target.eq(source))));
            queries.add(dsl.alterTable(table).dropConstraint(check));
        }
        return queries;
    }

    private void archiveTable(String app, ObjectDefinition old, int generation, Steps steps) {
        Name table = StorageNames.table(app, old.name());
        List<Query> queries = new ArrayList<>();
        for (FieldDefinition field : old.fields()) {
            if (field.type().isReference()) {
                queries.add(dsl.alterTable(table).dropConstraintIfExists(StorageNames.foreignKey(old.name(), field.name())));
            }
        }
        String archived = StorageNames.archivedTable(old.name(), generation);
        queries.add(dsl.alterTable(table).renameTo(name(StorageNames.schema(app), archived)));
        // indexes share the schema's namespace with tables: free their names for an object of the same name later
        queries.add(renameIndex(app, StorageNames.primaryKey(old.name()), StorageNames.primaryKey(archived)));
        for (FieldDefinition field : old.fields()) {
            if (field.unique()) {
                queries.add(renameIndex(app, StorageNames.uniqueIndex(old.name(), field.name()),
                        StorageNames.uniqueIndex(archived, field.name())));
            }
            if (field.type().isReference()) {
                queries.add(renameIndex(app, StorageNames.lookupIndex(old.name(), field.name()),
                        StorageNames.lookupIndex(archived, field.name())));
            }
        }
        for (IndexDefinition index : old.indexes()) {
            queries.add(renameIndex(app, StorageNames.declaredIndex(old.name(), index.name()),
                    StorageNames.declaredIndex(archived, index.name())));
        }
        if (ownerScoped(old)) {
            queries.add(renameIndex(app, StorageNames.ownerIndex(old.name()), StorageNames.ownerIndex(archived)));
        }
        steps.add(Action.ARCHIVE_TABLE, old.name(), null, "remove object " + old.name() + "; its records stay in table "
                + archived, true, queries.toArray(Query[]::new));
    }

    /** See {@link #dropIndex} for why this is a template. */
    private Query renameIndex(String app, String index, String to) {
        return dsl.query("alter index if exists {0} rename to {1}", name(StorageNames.schema(app), index), name(to));
    }

    private void foreignKeys(String app, ObjectDefinition old, ObjectDefinition object, Steps steps) {
        for (FieldDefinition field : object.fields()) {
            if (!field.type().isReference()) {
                continue;
            }
            Optional<FieldDefinition> previous = old == null ? Optional.empty() : old.findField(field.name());
            boolean unchanged = previous.map(p -> p.type() == field.type() && Objects.equals(p.target(), field.target()))
                    .orElse(false);
            if (unchanged) {
                continue;
            }
            boolean hadIndex = previous.map(p -> p.type().isReference() && Objects.equals(p.target(), field.target()))
                    .orElse(false);
            Name table = StorageNames.table(app, object.name());
            ConstraintForeignKeyOnStep fk = constraint(StorageNames.foreignKey(object.name(), field.name()))
                    .foreignKey(column(field))
                    .references(StorageNames.table(app, field.target()), name(ObjectTable.ID));
            List<Query> queries = new ArrayList<>();
            queries.add(dsl.alterTable(table).add(field.type() == FieldType.MASTER_DETAIL
                    ? fk.onDeleteCascade() : fk));
            if (!hadIndex) {
                // (lookup, id): finds the details of a master, and serves a keyset page scoped to one
                // partner (or master) straight from the index, in id order
                queries.add(dsl.createIndexIfNotExists(StorageNames.lookupIndex(object.name(), field.name()))
                        .on(DSL.table(table), column(field), DSL.field(name(ObjectTable.ID))));
            }
            steps.add(Action.ADD_FOREIGN_KEY, object.name(), field.name(), field.name() + " references "
                    + field.target(), false, queries.toArray(Query[]::new));
        }
    }

    /**
     * Whether who may see a record depends on its owner: then "records I and those below me own" is
     * an index range per owner instead of a filter over the whole table.
     */
    private static boolean ownerScoped(ObjectDefinition object) {
        return object.sharing().model() == SharingModel.PRIVATE || object.sharing().model() == SharingModel.PUBLIC_READ;
    }

    private void ownerIndex(String app, ObjectDefinition old, ObjectDefinition object, Steps steps) {
        boolean had = old != null && ownerScoped(old);
        if (ownerScoped(object) && !had) {
            steps.add(Action.CREATE_INDEX, object.name(), null, "index owner_id: the object's records are private"
                    + " to their owners", false, dsl.createIndexIfNotExists(StorageNames.ownerIndex(object.name()))
                    .on(DSL.table(StorageNames.table(app, object.name())), DSL.field(name(ObjectTable.OWNER_ID)),
                            DSL.field(name(ObjectTable.ID))));
        } else if (had && !ownerScoped(object)) {
            steps.add(Action.DROP_INDEX, object.name(), null, "drop the owner_id index: the object's records are"
                    + " public", false, dropIndex(app, StorageNames.ownerIndex(object.name())));
        }
    }

    private void indexes(String app, ObjectDefinition old, ObjectDefinition object, Steps steps) {
        ownerIndex(app, old, object, steps);
        Map<String, IndexDefinition> before = old == null ? Map.of()
                : old.indexes().stream().collect(Collectors.toMap(IndexDefinition::name, Function.identity()));
        Map<String, IndexDefinition> after = object.indexes().stream()
                .collect(Collectors.toMap(IndexDefinition::name, Function.identity()));
        // an index on a replaced column still covers the archived column: build it again on the new one
        Set<String> replaced = old == null ? Set.of() : object.fields().stream()
                .filter(f -> old.findField(f.name()).map(p -> replacesColumn(p, f)).orElse(false))
                .map(FieldDefinition::name).collect(Collectors.toSet());
        Predicate<IndexDefinition> onReplaced = index -> index.fields().stream().anyMatch(replaced::contains);
        for (IndexDefinition index : before.values()) {
            if (!index.equals(after.get(index.name())) || onReplaced.test(index)) {
                steps.add(Action.DROP_INDEX, object.name(), null, "drop index " + index.name(), false,
                        dropIndex(app, StorageNames.declaredIndex(object.name(), index.name())));
            }
        }
        for (IndexDefinition index : after.values()) {
            if (!index.equals(before.get(index.name())) || onReplaced.test(index)) {
                List<Field<?>> fields = index.fields().stream().<Field<?>>map(f -> DSL.field(name(f))).toList();
                String indexName = StorageNames.declaredIndex(object.name(), index.name());
                Name table = StorageNames.table(app, object.name());
                Query create = index.unique() ? dsl.createUniqueIndex(indexName).on(DSL.table(table), fields)
                        : dsl.createIndex(indexName).on(DSL.table(table), fields);
                steps.add(Action.CREATE_INDEX, object.name(), null, "create " + (index.unique() ? "unique " : "")
                        + "index " + index.name() + " on " + index.fields(), false, create);
            }
        }
    }

    /**
     * A roll-up added to an existing object, or changed, is computed for every existing record in the
     * publish; from then on the record service keeps it correct on each write of the summarised records.
     */
    private void rollups(String app, ObjectDefinition old, ObjectDefinition object, Map<String, ObjectDefinition> after,
            Steps steps) {
        if (old == null) {
            return; // a new table has no records yet
        }
        for (FieldDefinition field : object.fields()) {
            RollupDefinition rollup = field.rollup();
            if (rollup == null || old.findField(field.name()).map(f -> Objects.equals(f.rollup(), rollup)
                    && !replacesColumn(f, field)).orElse(false)) {
                continue;
            }
            ObjectTable child = new ObjectTable(app, after.get(rollup.object()));
            Field<Object> via = child.getColumn(rollup.via()).field();
            Field<?> value = switch (rollup.function()) {
                case COUNT -> DSL.count();
                case SUM -> DSL.coalesce(DSL.sum(child.getColumn(rollup.field()).field().cast(java.math.BigDecimal.class)),
                        java.math.BigDecimal.ZERO);
                case MIN -> DSL.min(child.getColumn(rollup.field()).field());
                case MAX -> DSL.max(child.getColumn(rollup.field()).field());
            };
            org.jooq.Condition filter = DSL.noCondition();
            if (rollup.filter() != null) {
                List<dev.trellis.core.Problem> problems = new ArrayList<>();
                filter = dev.trellis.core.record.internal.FilterCompiler.compile(child,
                        dev.trellis.core.record.Filter.parse(rollup.filter(), "", problems), null);
            }
            org.jooq.Table<?> parent = DSL.table(StorageNames.table(app, object.name())).as("tr_p");
            @SuppressWarnings("unchecked")
            Field<Object> target = (Field<Object>) column(field);
            Field<Object> computed = DSL.field(DSL.select(value).from(child.table())
                    .where(via.eq(DSL.field(name("tr_p", ObjectTable.ID))), filter)).cast(target.getDataType());
            Query backfill = dsl.update(parent).set(Map.of(target, computed));
            steps.add(Action.COMPUTE_ROLLUP, object.name(), field.name(), "compute roll-up " + field.name()
                    + " for the existing records", false, backfill);
        }
    }

    private static Field<?> column(FieldDefinition field) {
        return DSL.field(name(field.name()), ColumnType.of(field).dataType());
    }

    /** Accumulates steps and their queries, rendering the SQL for the plan people read. */
    private final class Steps {
        final List<MigrationStep> steps = new ArrayList<>();
        final List<List<Query>> queries = new ArrayList<>();

        void add(Action action, String object, String field, String description, boolean destructive, Query... qs) {
            steps.add(new MigrationStep(action, object, field, description, destructive,
                    java.util.Arrays.stream(qs).map(dsl::renderInlined).toList()));
            queries.add(List.of(qs));
        }
    }
}
