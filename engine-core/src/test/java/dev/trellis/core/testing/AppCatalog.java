package dev.trellis.core.testing;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * What PostgreSQL's own catalog says about an app's schema ({@code app_<name>}), so tests check the
 * tables publishing really made rather than what the planner meant to make. Short app names only.
 */
public final class AppCatalog {

    private final String schema;

    private AppCatalog(String app) {
        this.schema = "app_" + app;
    }

    public static AppCatalog of(String app) {
        return new AppCatalog(app);
    }

    private static DSLContext dsl() {
        return CoreContext.dsl();
    }

    public boolean exists() {
        return dsl().fetchExists(table(name("information_schema", "schemata")), field(name("schema_name")).eq(schema));
    }

    public List<String> tables() {
        return dsl().select(field(name("table_name"), String.class)).from(table(name("information_schema", "tables")))
                .where(field(name("table_schema")).eq(schema)).fetch(0, String.class);
    }

    /** Each column's type as PostgreSQL states it: {@code character varying(120)}, {@code numeric(14,2)}. */
    public Map<String, String> columns(String table) {
        return dsl().select(field(name("column_name")), field(name("data_type")), field(name("udt_name")),
                        field(name("character_maximum_length")), field(name("numeric_precision")),
                        field(name("numeric_scale")))
                .from(table(name("information_schema", "columns")))
                .where(field(name("table_schema")).eq(schema), field(name("table_name")).eq(table))
                .fetchMap(r -> r.get(0, String.class), AppCatalog::describe);
    }

    private static String describe(Record column) {
        String type = column.get(1, String.class);
        return switch (type) {
            case "character varying" -> type + "(" + column.get(3, Integer.class) + ")";
            case "numeric" -> type + "(" + column.get(4, Integer.class) + "," + column.get(5, Integer.class) + ")";
            case "ARRAY" -> column.get(2, String.class).equals("_varchar") ? "character varying[]" : "array";
            default -> type;
        };
    }

    public boolean nullable(String table, String column) {
        return "YES".equals(dsl().select(field(name("is_nullable"), String.class))
                .from(table(name("information_schema", "columns")))
                .where(field(name("table_schema")).eq(schema), field(name("table_name")).eq(table),
                        field(name("column_name")).eq(column)).fetchSingle().value1());
    }

    /** Index name → its definition as {@code pg_indexes} shows it. */
    public Map<String, String> indexes(String table) {
        return dsl().select(field(name("indexname"), String.class), field(name("indexdef"), String.class))
                .from(table(name("pg_catalog", "pg_indexes")))
                .where(field(name("schemaname")).eq(schema), field(name("tablename")).eq(table))
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    /** Foreign key name → {@code table.column -> target ON DELETE rule}. */
    public Map<String, String> foreignKeys() {
        return dsl().resultQuery("""
                        select c.conname, c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text,
                               case c.confdeltype when 'c' then 'CASCADE' when 'a' then 'NO ACTION'
                                                  when 'r' then 'RESTRICT' else c.confdeltype::text end
                        from pg_constraint c
                        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
                        where c.contype = 'f' and c.connamespace = ?::regnamespace""", schema)
                .fetch().stream().collect(Collectors.toMap(r -> r.get(0, String.class),
                        r -> unqualified(r.get(1, String.class)) + "." + r.get(2, String.class) + " -> "
                                + unqualified(r.get(3, String.class)) + " ON DELETE " + r.get(4, String.class)));
    }

    public boolean hasSequence(String sequence) {
        return dsl().fetchExists(table(name("information_schema", "sequences")),
                field(name("sequence_schema")).eq(schema), field(name("sequence_name")).eq(sequence));
    }

    /** A column's values as text, in the order the rows were inserted. */
    public List<String> values(String table, String column) {
        return dsl().select(field(name(column), String.class)).from(table(name(schema, table)))
                .orderBy(field(name("id"))).fetch(0, String.class);
    }

    private static String unqualified(String relation) {
        return relation.substring(relation.indexOf('.') + 1);
    }
}
