package dev.trellis.core.storage;

import dev.trellis.core.NotFoundException;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.FieldType;
import dev.trellis.core.metadata.ObjectDefinition;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * An object definition compiled to what queries need: its jOOQ table, one typed jOOQ field per
 * column (system columns first) and the lookups by constraint name. Built once per published
 * generation and shared by every request pinned to it.
 */
public final class ObjectTable {

    public static final String ID = "id";
    public static final String CREATED_AT = "created_at";
    public static final String CREATED_BY = "created_by";
    public static final String UPDATED_AT = "updated_at";
    public static final String UPDATED_BY = "updated_by";
    public static final String OWNER_ID = "owner_id";
    public static final String VERSION = "version";

    /** Columns every object table has; no field may take these names. */
    public static final List<String> SYSTEM_COLUMNS =
            List.of(ID, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY, OWNER_ID, VERSION);

    /**
     * One column: a system column (with a synthetic definition so it can be filtered and sorted) or a field.
     * {@code position} is its index in {@link #selectFields()}, so a row can be an array. Columns are unique
     * within their table and compared by identity: hashing the whole definition on every map lookup would
     * dominate bulk loads.
     */
    public record Column(String name, FieldDefinition definition, Field<Object> field, boolean system, int position) {

        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final String app;
    private final ObjectDefinition definition;
    private final Table<Record> table;
    private final Map<String, Column> columns;
    private final List<Column> allColumns;
    private final List<Field<?>> selectFields;
    private final List<Column> dataColumns;
    private final Map<String, String> fieldByConstraint;

    public final Field<Long> id = DSL.field(DSL.name(ID), SQLDataType.BIGINT);
    public final Field<OffsetDateTime> createdAt = DSL.field(DSL.name(CREATED_AT), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public final Field<Long> createdBy = DSL.field(DSL.name(CREATED_BY), SQLDataType.BIGINT);
    public final Field<OffsetDateTime> updatedAt = DSL.field(DSL.name(UPDATED_AT), SQLDataType.TIMESTAMPWITHTIMEZONE);
    public final Field<Long> updatedBy = DSL.field(DSL.name(UPDATED_BY), SQLDataType.BIGINT);
    public final Field<Long> ownerId = DSL.field(DSL.name(OWNER_ID), SQLDataType.BIGINT);
    public final Field<Integer> version = DSL.field(DSL.name(VERSION), SQLDataType.INTEGER);

    public ObjectTable(String app, ObjectDefinition definition) {
        this.app = app;
        this.definition = definition;
        this.table = DSL.table(StorageNames.table(app, definition.name()));
        Map<String, Column> all = new LinkedHashMap<>();
        system(all, id, FieldType.INTEGER);
        system(all, createdAt, FieldType.DATETIME);
        system(all, createdBy, FieldType.INTEGER);
        system(all, updatedAt, FieldType.DATETIME);
        system(all, updatedBy, FieldType.INTEGER);
        system(all, ownerId, FieldType.INTEGER);
        system(all, version, FieldType.INTEGER);
        List<Column> data = new ArrayList<>();
        Map<String, String> constraints = new LinkedHashMap<>();
        for (FieldDefinition f : definition.fields()) {
            @SuppressWarnings("unchecked")
            Field<Object> field = (Field<Object>) DSL.field(DSL.name(f.name()), ColumnType.of(f).dataType());
            Column column = new Column(f.name(), f, field, false, all.size());
            all.put(f.name(), column);
            data.add(column);
            if (f.unique()) {
                constraints.put(StorageNames.uniqueIndex(definition.name(), f.name()), f.name());
            }
            if (f.type().isReference()) {
                constraints.put(StorageNames.foreignKey(definition.name(), f.name()), f.name());
            }
        }
        this.columns = Collections.unmodifiableMap(all);
        this.allColumns = List.copyOf(all.values());
        this.selectFields = allColumns.stream().<Field<?>>map(Column::field).toList();
        this.dataColumns = List.copyOf(data);
        this.fieldByConstraint = Map.copyOf(constraints);
    }

    @SuppressWarnings("unchecked")
    private static void system(Map<String, Column> all, Field<?> field, FieldType type) {
        FieldDefinition synthetic = new FieldDefinition(field.getName(), type, Map.of(), null, false, false,
                null, null, null, null, null, null, null, false, null, null);
        all.put(field.getName(), new Column(field.getName(), synthetic, (Field<Object>) field, true, all.size()));
    }

    public String app() {
        return app;
    }

    public String name() {
        return definition.name();
    }

    public ObjectDefinition definition() {
        return definition;
    }

    public Table<Record> table() {
        return table;
    }

    /** System columns then fields, in definition order: what a read selects. */
    public List<Field<?>> selectFields() {
        return selectFields;
    }

    /** Every column, system columns first, in {@link Column#position()} order. */
    public List<Column> columns() {
        return allColumns;
    }

    public List<Column> dataColumns() {
        return dataColumns;
    }

    public Optional<Column> findColumn(String name) {
        return Optional.ofNullable(columns.get(name));
    }

    /** Like {@link #findColumn}, without the Optional, for loops over every value of a bulk load. */
    public Column columnOrNull(String name) {
        return columns.get(name);
    }

    public Column getColumn(String name) {
        return findColumn(name).orElseThrow(() -> new NotFoundException("field-not-found",
                "object " + name() + " has no field " + name));
    }

    /** The field a unique index or foreign key of this table guards, for error messages. */
    public Optional<String> fieldOfConstraint(String constraint) {
        return Optional.ofNullable(fieldByConstraint.get(constraint));
    }
}
