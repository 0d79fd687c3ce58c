package dev.trellis.rule.rebate.internal;

import dev.trellis.core.Problem;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.record.Filter;
import dev.trellis.core.storage.ObjectTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.SelectField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The source object of a policy and the records its lookups reach, as SQL joins: one <i>hop</i> per distinct
 * lookup path from the source ({@code s}), each a derived table of the columns the policy reads from that
 * object (with its filter, if any), joined on the lookup. Hops on the partner and date paths are inner joins
 * (a record without a partner or date earns nothing); hops only expressions read are left joins. A hop's
 * derived table can be swapped for one row of old values, so the same query tells where a record
 * <i>was</i> before a write (see {@link #oldRow}).
 */
final class SourceJoins {

    /** A resolved path: the hop whose column holds the value, the column and its field definition. */
    record Resolved(Hop hop, String column, FieldDefinition definition) {

        Field<Object> field() {
            return hop.qualified(column);
        }
    }

    /** One object reached from the source through a chain of lookups (the source itself is the root). */
    static final class Hop {
        final String alias;
        final ObjectTable table;
        final Hop parent;
        final String via;
        boolean required;
        Condition filter = DSL.noCondition();
        boolean filtered;
        final Set<String> columns = new LinkedHashSet<>();
        final Set<String> filterColumns = new LinkedHashSet<>();

        Hop(String alias, ObjectTable table, Hop parent, String via) {
            this.alias = alias;
            this.table = table;
            this.parent = parent;
            this.via = via;
            columns.add(ObjectTable.ID);
        }

        String object() {
            return table.name();
        }

        Field<Object> qualified(String column) {
            return DSL.field(DSL.name(alias, column), table.getColumn(column).field().getDataType());
        }

        /** The columns, unqualified: what the derived table selects. */
        List<Field<Object>> columnFields() {
            return columns.stream().map(c -> table.getColumn(c).field()).toList();
        }
    }

    /** The flag column of a filtered hop in an unfiltered join; field names cannot start with '_'. */
    static final String IN_SCOPE = "_in_scope";

    private final String app;
    private final Function<String, Optional<ObjectDefinition>> objects;
    private final String prefix;
    private final Hop root;
    private final Map<String, Hop> hops = new LinkedHashMap<>();

    SourceJoins(String app, ObjectDefinition source, Function<String, Optional<ObjectDefinition>> objects, String prefix) {
        this.app = app;
        this.objects = objects;
        this.prefix = prefix;
        this.root = new Hop(prefix + "s", new ObjectTable(app, source), null, null);
        root.required = true;
        hops.put("", root);
    }

    Hop root() {
        return root;
    }

    Collection<Hop> hops() {
        return hops.values();
    }

    /**
     * Resolves a dotted path from the source ({@code sales_order.partner.region}): every name but the last must
     * be a lookup, the last a field or system column. Returns empty and adds a problem at {@code jsonPath}
     * when it does not resolve. {@code required} makes every hop on the way an inner join.
     */
    Optional<Resolved> resolve(String path, boolean required, String jsonPath, List<Problem> problems) {
        if (path == null || path.isBlank()) {
            problems.add(Problem.of("path-invalid", jsonPath, "a path names fields joined by dots: sales_order.partner"));
            return Optional.empty();
        }
        return resolve(List.of(path.split("\\.", -1)), required, jsonPath, problems);
    }

    Optional<Resolved> resolve(List<String> names, boolean required, String jsonPath, List<Problem> problems) {
        Hop hop = root;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ObjectTable.Column column = hop.table.findColumn(name).orElse(null);
            if (column == null) {
                problems.add(new Problem("path-field-unknown", jsonPath, "object " + hop.object() + " has no field '"
                        + name + "' (in " + String.join(".", names) + ")", Map.of("field", name)));
                return Optional.empty();
            }
            if (i == names.size() - 1) {
                hop.columns.add(name);
                if (required) {
                    markRequired(hop);
                }
                return Optional.of(new Resolved(hop, name, column.definition()));
            }
            FieldDefinition field = column.definition();
            if (!field.type().isReference()) {
                problems.add(new Problem("path-not-lookup", jsonPath, "'" + name + "' of object " + hop.object()
                        + " is a " + field.type().jsonName() + " field, not a lookup, so the path cannot go on from it",
                        Map.of("field", name)));
                return Optional.empty();
            }
            Optional<ObjectDefinition> target = hop.object().equals(field.target())
                    ? Optional.of(hop.table.definition()) : objects.apply(field.target());
            if (target.isEmpty()) {
                problems.add(Problem.of("object-unknown", jsonPath, "the lookup " + name + " points at object '"
                        + field.target() + "', which does not exist"));
                return Optional.empty();
            }
            hop = follow(hop, name, target.get());
        }
        throw new IllegalStateException("unreachable");
    }

    /** The hop reached from {@code from} through one of its lookups, made on first use. */
    Hop follow(Hop from, String lookup, ObjectDefinition target) {
        String key = (from == root ? "" : keyOf(from) + ".") + lookup;
        Hop hop = hops.get(key);
        if (hop == null) {
            from.columns.add(lookup);
            hop = new Hop(prefix + "j" + hops.size(), new ObjectTable(app, target), from, lookup);
            hops.put(key, hop);
        }
        return hop;
    }

    private String keyOf(Hop hop) {
        return hops.entrySet().stream().filter(e -> e.getValue() == hop).findFirst().orElseThrow().getKey();
    }

    /** Narrows a hop to the records a filter admits; the hop becomes an inner join. */
    void filter(Hop hop, Filter filter, Condition condition) {
        hop.filter = hop.filter.and(condition);
        hop.filtered = true;
        fieldsOf(filter, hop.filterColumns);
        hop.columns.addAll(hop.filterColumns);
        markRequired(hop);
    }

    private static void markRequired(Hop hop) {
        for (Hop h = hop; h != null; h = h.parent) {
            h.required = true;
        }
    }

    private static void fieldsOf(Filter filter, Set<String> into) {
        switch (filter) {
            case Filter.And and -> and.filters().forEach(f -> fieldsOf(f, into));
            case Filter.Or or -> or.filters().forEach(f -> fieldsOf(f, into));
            case Filter.Condition c -> into.add(c.field());
        }
    }

    /**
     * The joined tables: the source, every required hop and the optional hops {@code reading} needs (with
     * their parents), each hop's derived table replaced by {@code overrides} where given.
     */
    Table<?> from(Collection<Hop> reading, Map<Hop, Table<?>> overrides) {
        return from(reading, overrides, true);
    }

    /**
     * Like {@link #from(Collection, Map)}; with {@code filtered} false the hops' filters do not narrow: every
     * record is there, in scope or not, and each filtered hop says in a column whether its record passes (see
     * {@link #inScope}).
     */
    Table<?> from(Collection<Hop> reading, Map<Hop, Table<?>> overrides, boolean filtered) {
        Set<Hop> used = new LinkedHashSet<>();
        for (Hop hop : reading) {
            for (Hop h = hop; h != null; h = h.parent) {
                used.add(h);
            }
        }
        Table<?> from = derived(root, overrides, filtered);
        for (Hop hop : hops.values()) {
            if (hop == root || !(hop.required || used.contains(hop))) {
                continue;
            }
            Condition on = hop.parent.qualified(hop.via).eq(hop.qualified(ObjectTable.ID));
            Table<?> table = derived(hop, overrides, filtered);
            from = hop.required ? from.join(table).on(on) : from.leftJoin(table).on(on);
        }
        return from;
    }

    /** Whether the record passes every filter, in a {@code from(…, false)}: each filtered hop's flag column. */
    Condition inScope() {
        Condition all = DSL.trueCondition();
        for (Hop hop : hops.values()) {
            if (hop.filtered) {
                all = all.and(DSL.field(DSL.name(hop.alias, IN_SCOPE), SQLDataType.BOOLEAN).isTrue());
            }
        }
        return all;
    }

    private static Table<?> derived(Hop hop, Map<Hop, Table<?>> overrides, boolean filtered) {
        Table<?> override = overrides.get(hop);
        if (override != null) {
            return override;
        }
        if (filtered || !hop.filtered) {
            return DSL.select(hop.columnFields()).from(hop.table.table()).where(hop.filter).asTable(hop.alias);
        }
        List<SelectField<?>> select = new ArrayList<>(hop.columnFields());
        select.add(flag(hop));
        return DSL.select(select).from(hop.table.table()).asTable(hop.alias);
    }

    /** The hop's filter as a true/false column (a filter that is unknown on nulls counts as false). */
    private static Field<Boolean> flag(Hop hop) {
        return DSL.when(hop.filter, DSL.inline(true)).else_(DSL.inline(false)).as(IN_SCOPE);
    }

    /**
     * A hop's derived table holding one record as it was before a write: the stored row (by {@code id}) with
     * {@code oldValues} in place of its current values, or, when the row is gone ({@code stored} false), the old
     * values alone; with its filter flag (for {@code from(…, false)}) computed from the old values.
     */
    static Table<?> oldRow(Hop hop, long id, Map<String, Object> oldValues, boolean stored) {
        List<SelectField<?>> select = new ArrayList<>();
        for (String column : hop.columns) {
            Field<Object> field = hop.table.getColumn(column).field();
            if (column.equals(ObjectTable.ID)) {
                select.add(stored ? field : DSL.val(id, field.getDataType()).as(column));
            } else if (oldValues.containsKey(column)) {
                select.add(DSL.val(bindable(oldValues.get(column)), field.getDataType()).as(column));
            } else {
                select.add(stored ? field : DSL.castNull(field.getDataType()).as(column));
            }
        }
        Table<?> row = (stored ? DSL.select(select).from(hop.table.table()).where(hop.table.id.eq(id))
                : DSL.select(select)).asTable(hop.filtered ? "old" : hop.alias);
        return hop.filtered ? DSL.select(DSL.asterisk(), flag(hop)).from(row).asTable(hop.alias) : row;
    }

    private static Object bindable(Object value) {
        return value instanceof List<?> list ? list.toArray(new String[0]) : value;
    }
}
