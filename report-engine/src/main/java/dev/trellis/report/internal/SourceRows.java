package dev.trellis.report.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.storage.ObjectTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The rows a report aggregates: the source object's records with every field path the report names
 * ({@code sales_order.partner.region}) as one column of that very name, in one derived table. Each object on
 * the way is its own derived table narrowed by the viewer's read condition and left-joined on its lookup, so
 * a related record the viewer may not read contributes nulls, never its values. PostgreSQL flattens the
 * derived tables, so the plan is the one a hand-written join would get.
 *
 * <p>Because every column is named by its path, the record service's filter compiler works on the
 * flattened rows unchanged: {@link #rowTable()} describes them as an object whose fields are the paths.
 */
final class SourceRows {

    /** One object reached from the source through lookups (the source itself is the root). */
    static final class Hop {
        final String alias;
        final ObjectTable table;
        final Hop parent;
        final String via;

        Hop(String alias, ObjectTable table, Hop parent, String via) {
            this.alias = alias;
            this.table = table;
            this.parent = parent;
            this.via = via;
        }

        String object() {
            return table.name();
        }
    }

    /** A path resolved to the hop holding its column. */
    record Resolved(String path, Hop hop, String column, FieldDefinition definition) {
    }

    /** The name of the source's id in the flattened rows; paths cannot start with '_'. */
    static final String ROW_ID = "_id";

    private final String app;
    private final Function<String, Optional<ObjectDefinition>> objects;
    private final Hop root;
    private final Map<String, Hop> hops = new LinkedHashMap<>();
    private final Map<String, Resolved> paths = new LinkedHashMap<>();

    SourceRows(String app, ObjectDefinition source, Function<String, Optional<ObjectDefinition>> objects) {
        this.app = app;
        this.objects = objects;
        this.root = new Hop("s", new ObjectTable(app, source), null, null);
        hops.put("", root);
    }

    Hop root() {
        return root;
    }

    Collection<Hop> hops() {
        return hops.values();
    }

    Collection<Resolved> paths() {
        return paths.values();
    }

    Optional<Resolved> find(String path) {
        return Optional.ofNullable(paths.get(path));
    }

    /**
     * Resolves a dotted path: every name but the last a lookup, the last a field or system column. Adds a
     * problem at {@code jsonPath} and returns empty when it does not resolve.
     */
    Optional<Resolved> resolve(String path, String jsonPath, List<Problem> problems) {
        Resolved known = paths.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        if (path == null || path.isBlank()) {
            problems.add(Problem.of("field-unknown", jsonPath, "name a field"));
            return Optional.empty();
        }
        String[] names = path.split("\\.", -1);
        Hop hop = root;
        for (int i = 0; i < names.length; i++) {
            ObjectTable.Column column = hop.table.findColumn(names[i]).orElse(null);
            if (column == null) {
                problems.add(new Problem("field-unknown", jsonPath, "object " + hop.object() + " has no field '"
                        + names[i] + "'" + (names.length > 1 ? " (in " + path + ")" : ""), Map.of("field", names[i])));
                return Optional.empty();
            }
            if (i == names.length - 1) {
                Resolved resolved = new Resolved(path, hop, names[i], column.definition());
                paths.put(path, resolved);
                return Optional.of(resolved);
            }
            FieldDefinition field = column.definition();
            if (!field.type().isReference()) {
                problems.add(Problem.of("field-not-lookup", jsonPath, "'" + names[i] + "' of object " + hop.object()
                        + " is a " + field.type().jsonName() + " field, not a lookup, so " + path + " cannot go on"));
                return Optional.empty();
            }
            ObjectDefinition target = objects.apply(field.target()).orElse(null);
            if (target == null) {
                problems.add(Problem.of("object-unknown", jsonPath, "the lookup " + names[i] + " points at object '"
                        + field.target() + "', which does not exist"));
                return Optional.empty();
            }
            hop = follow(hop, names[i], target);
        }
        throw new IllegalStateException("unreachable");
    }

    private Hop follow(Hop from, String lookup, ObjectDefinition target) {
        String key = (from == root ? "" : keyOf(from) + ".") + lookup;
        return hops.computeIfAbsent(key, k -> new Hop("j" + hops.size(), new ObjectTable(app, target), from, lookup));
    }

    private String keyOf(Hop hop) {
        return hops.entrySet().stream().filter(e -> e.getValue() == hop).findFirst().orElseThrow().getKey();
    }

    /** The flattened rows as an object whose fields are the resolved paths, for the filter compiler. */
    ObjectTable rowTable() {
        List<FieldDefinition> fields = new ArrayList<>();
        for (Resolved r : paths.values()) {
            FieldDefinition d = r.definition();
            fields.add(new FieldDefinition(r.path(), d.type(), d.label(), null, false, false, null, d.maxLength(),
                    d.precision(), d.scale(), d.values(), d.target(), d.pattern(), d.internalOnly(), null, null));
        }
        return new ObjectTable(app, new ObjectDefinition("report_rows", null, null, null, null, fields, null, null));
    }

    /** A column of the flattened rows, by path. */
    static Field<Object> column(Resolved r) {
        return DSL.field(DSL.name(r.path()), columnType(r));
    }

    @SuppressWarnings("unchecked")
    private static org.jooq.DataType<Object> columnType(Resolved r) {
        return (org.jooq.DataType<Object>) r.hop().table.getColumn(r.column()).field().getDataType();
    }

    /**
     * The flattened rows as a derived table named {@code alias}; {@code scopes} gives each hop's read condition
     * (on its own table, unqualified). The caller filters the flattened rows by their path-named columns.
     */
    Table<?> table(Map<Hop, Condition> scopes, String alias) {
        Table<?> from = hopTable(root, scopes);
        for (Hop hop : hops.values()) {
            if (hop != root) {
                from = from.leftJoin(hopTable(hop, scopes)).on(DSL.field(DSL.name(hop.alias, ObjectTable.ID), Long.class)
                        .eq(DSL.field(DSL.name(hop.parent.alias, hop.via), Long.class)));
            }
        }
        List<SelectField<?>> select = new ArrayList<>();
        select.add(DSL.field(DSL.name(root.alias, ObjectTable.ID), Long.class).as(ROW_ID));
        for (Resolved r : paths.values()) {
            select.add(DSL.field(DSL.name(r.hop().alias, r.column()), columnType(r)).as(r.path()));
        }
        return DSL.select(select).from(from).asTable(alias);
    }

    private static Table<?> hopTable(Hop hop, Map<Hop, Condition> scopes) {
        Condition read = scopes.getOrDefault(hop, DSL.noCondition());
        return DSL.selectFrom(hop.table.table()).where(read).asTable(hop.alias);
    }
}
